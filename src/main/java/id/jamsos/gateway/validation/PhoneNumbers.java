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
        String t = raw.strip();
        // "+62" and then the number's characters without separators, in one buffer: one copy, no
        // intermediate strings (this runs for every row of a file).
        char[] out = new char[3 + t.length()];
        int n = 3;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == '-' || c == '.' || c == '(' || c == ')'
                    || c == '\u00A0')) {
                out[n++] = c;
            }
        }
        int from = 3;
        if (startsWith(out, n, "+62")) {
            from = 6;
        } else if (startsWith(out, n, "62")) {
            from = 5;
        } else if (startsWith(out, n, "0")) {
            from = 4;
        }
        int digits = n - from;
        if (digits < MIN_DIGITS || digits > MAX_DIGITS || out[from] != '8') {
            return null;
        }
        for (int i = from; i < n; i++) {
            if (out[i] < '0' || out[i] > '9') {
                return null;
            }
        }
        out[from - 3] = '+';
        out[from - 2] = '6';
        out[from - 1] = '2';
        return new String(out, from - 3, digits + 3);
    }

    /** Whether the separator-free text in {@code out[3, n)} starts with {@code prefix}. */
    private static boolean startsWith(char[] out, int n, String prefix) {
        if (n - 3 < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (out[3 + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
