package id.jamsos.gateway.nik;

import java.util.regex.Pattern;

/**
 * Indonesian mobile numbers cut out of a text before it is logged or stored (docs/notifications.md): an SMS
 * gateway's or WhatsApp's error text may quote the number it was given ("nomor 6281234567890 tidak aktif").
 * What looks like one becomes {@code <nomor/phone>}: {@code +62 8..}, {@code 62 8..} or {@code 08..} followed
 * by 7 to 12 more digits, spaces, dots or dashes between digits allowed, no digit right before or after.
 * KPJs (letters in them), 16-digit NIKs ({@link NikMask}) and ids that do not start that way stay as they are.
 */
public final class PhoneMask {

    /** What a number becomes. */
    public static final String MASK = "<nomor/phone>";

    private static final Pattern PHONE = Pattern.compile("(?<![\\d+])(?:\\+\\s?62|62|0)[\\s.-]?8(?:[\\s.-]?\\d){7,12}(?![\\d])");

    private PhoneMask() {
    }

    /** The text with every phone-shaped run masked; NIKs are masked as {@link NikMask#scrub} does first. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = NikMask.scrub(text);
        return PHONE.matcher(s).replaceAll(MASK);
    }
}
