package id.jamsos.gateway.ledger;

import java.util.regex.Pattern;

/** A NIK identifies a person: logs and exception messages only ever show it masked. */
public final class NikMask {

    private static final Pattern SIXTEEN_DIGITS = Pattern.compile("(?<!\\d)(\\d{4})\\d{8}(\\d{4})(?!\\d)");

    private NikMask() {
    }

    /** First 4 + "********" + last 4; anything too short to mask that way is hidden whole. */
    public static String mask(String nik) {
        if (nik == null) {
            return null;
        }
        if (nik.length() < 8) {
            return "********";
        }
        return nik.substring(0, 4) + "********" + nik.substring(nik.length() - 4);
    }

    /** Masks every 16-digit run in free text, such as a driver's message quoting a key value. */
    public static String scrub(String text) {
        return text == null ? null : SIXTEEN_DIGITS.matcher(text).replaceAll("$1********$2");
    }
}
