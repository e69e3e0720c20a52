package id.jamsos.gateway.nik;

import java.util.Arrays;

/**
 * The one way a NIK, or anything that may be one, is shown: in logs, exception messages, stored
 * error texts, reports, finance messages, the operator API and the simulator.
 *
 * <p>A NIK is personal data (UU 27/2022), and what reaches {@link #mask} is often not a clean NIK:
 * a cell with a typo, an Excel-damaged {@code 9.27101E+15}, a pasted paragraph. The rule therefore
 * depends only on the length, never on the shape, so that no input shows more than
 * {@value #MOST_SHOWN} of its characters, and never more than half of them:
 * <ul>
 *   <li>16 characters or more (a NIK, a NIK with spaces, a NIK with a digit too many, any long
 *       text): the first and the last four, {@code 9271********0001}; the district, the birth date
 *       and the sex stay hidden;</li>
 *   <li>8 to 15 characters (a damaged NIK): the first two, the province;</li>
 *   <li>fewer: nothing.</li>
 * </ul>
 * The mask is always {@value #MASK_LENGTH} characters, so it does not tell the length either (the
 * reasons a row was refused say that), and always visible ASCII: a shown character that is not is
 * replaced by {@code *}, so a mask cannot carry a line break into a log or half a surrogate pair
 * into JSON. Leading and trailing white space is ignored, as the NIK check ignores it.
 */
public final class NikMask {

    /** The most characters any mask shows: four at each end of a value of 16 characters or more. */
    public static final int MOST_SHOWN = 8;
    public static final int MASK_LENGTH = Nik.LENGTH;

    private static final int SHOWN_AT_EACH_END = MOST_SHOWN / 2;
    private static final int SHOWN_OF_A_SHORT_VALUE = 2;
    /** Below this length even two characters would be a quarter of the value or more. */
    private static final int SHORTEST_WITH_A_PREFIX = 8;

    private NikMask() {
    }

    /**
     * The value masked by the rule above; null stays null and a blank value becomes empty, since
     * there is nothing to hide and an empty mask must not look as if a NIK had been there.
     */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        int n = v.length();
        if (n == 0) {
            return "";
        }
        char[] out = new char[MASK_LENGTH];
        Arrays.fill(out, '*');
        if (n >= MASK_LENGTH) {
            for (int i = 0; i < SHOWN_AT_EACH_END; i++) {
                out[i] = shown(v.charAt(i));
                out[MASK_LENGTH - SHOWN_AT_EACH_END + i] = shown(v.charAt(n - SHOWN_AT_EACH_END + i));
            }
        } else if (n >= SHORTEST_WITH_A_PREFIX) {
            for (int i = 0; i < SHOWN_OF_A_SHORT_VALUE; i++) {
                out[i] = shown(v.charAt(i));
            }
        }
        return new String(out);
    }

    /**
     * The text with every NIK-shaped run (exactly 16 ASCII digits, no digit right before or after)
     * masked; longer or shorter digit runs (a 17-digit number, an 11-digit KPJ) stay as they are.
     * A text without such a run is returned itself, nothing allocated.
     */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        int run = nextNik(text, 0);
        if (run < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        do {
            maskRun(out, run);
            run = nextNik(out, run + Nik.LENGTH);
        } while (run >= 0);
        return out.toString();
    }

    /**
     * {@link #scrub(String)} on a line being built, in place: the log layout
     * ({@link NikMaskingLayout}) runs this on every line, so it is a plain scan that touches
     * nothing when there is no run to mask. A mask of a 16-digit run is 16 characters, so no
     * character moves.
     */
    public static void scrubInPlace(StringBuilder text) {
        for (int run = nextNik(text, 0); run >= 0; run = nextNik(text, run + Nik.LENGTH)) {
            maskRun(text, run);
        }
    }

    private static void maskRun(StringBuilder text, int start) {
        text.replace(start, start + Nik.LENGTH, mask(text.substring(start, start + Nik.LENGTH)));
    }

    /**
     * Where the next run of exactly 16 digits starts at or after {@code from}, or -1; {@code from}
     * is 0 or the end of a run, never inside one.
     */
    private static int nextNik(CharSequence text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i - start == Nik.LENGTH) {
                return start;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static char shown(char c) {
        return c > ' ' && c <= '~' ? c : '*';
    }
}
