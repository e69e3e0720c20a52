package id.jamsos.gateway.validation;

/**
 * Indonesian mobile numbers in +62 form. A phone is optional for enrolment, so a number that
 * cannot be read is dropped with a warning instead of refusing the worker.
 */
public final class PhoneNumbers {

    public static final String FIELD = "NO_HP";
    private static final int MIN_DIGITS = 9;
    private static final int MAX_DIGITS = 13;

    private PhoneNumbers() {
    }

    /**
     * {@code +628...} for 08xx, 628xx, +628xx or 8xx with 9-13 digits after the country code;
     * null when the text is not such a number. Spaces, dashes, dots and brackets are ignored.
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String s = withoutSeparators(raw.strip());
        if (s.startsWith("+62")) {
            s = s.substring(3);
        } else if (s.startsWith("62")) {
            s = s.substring(2);
        } else if (s.startsWith("0")) {
            s = s.substring(1);
        }
        if (s.length() < MIN_DIGITS || s.length() > MAX_DIGITS || s.charAt(0) != '8') {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return null;
            }
        }
        return "+62" + s;
    }

    /** The text without ASCII whitespace, {@code - . ( )} and no-break space (U+00A0). */
    private static String withoutSeparators(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean separator = c == ' ' || (c >= '\t' && c <= '\r') || c == '-' || c == '.' || c == '('
                    || c == ')' || c == '\u00A0';
            if (separator && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (!separator && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
