package id.jamsos.gateway.validation;

/**
 * Runs of spaces collapsed to one space, written out by hand because the rules run on every row
 * of a million-row file: what {@code Pattern.compile("[\\s\\u00A0]+").matcher(s).replaceAll(" ")}
 * does, where {@code \s} is the ASCII set (space, tab, LF, VT, FF, CR), without a matcher and
 * without a copy when nothing needs collapsing.
 */
final class Whitespace {

    private Whitespace() {
    }

    /** Runs of ASCII whitespace and no-break space (U+00A0) become one space. */
    static String collapse(String s) {
        return collapse(s, false);
    }

    /** As {@link #collapse(String)}, also counting figure space (U+2007) and narrow no-break space (U+202F). */
    static String collapseInName(String s) {
        return collapse(s, true);
    }

    private static String collapse(String s, boolean nameSpaces) {
        int n = s.length();
        int i = 0;
        // Common case: no character other than single spaces to touch.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c > ' ' && c < '\u00A0') {
                continue; // letters, digits, punctuation: the usual character, decided in one test
            }
            if (isSpace(c, nameSpaces) && (c != ' ' || (i + 1 < n && isSpace(s.charAt(i + 1), nameSpaces)))) {
                break;
            }
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n);
        sb.append(s, 0, i);
        boolean inRun = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isSpace(c, nameSpaces)) {
                if (!inRun) {
                    sb.append(' ');
                    inRun = true;
                }
            } else {
                sb.append(c);
                inRun = false;
            }
        }
        return sb.toString();
    }

    private static boolean isSpace(char c, boolean nameSpaces) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0'
                || (nameSpaces && (c == '\u2007' || c == '\u202F'));
    }
}
