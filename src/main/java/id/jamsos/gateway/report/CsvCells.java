package id.jamsos.gateway.report;

import java.text.Normalizer;

/**
 * Cell text safe to open in a spreadsheet. A cell that starts with = + - @ (or tab/CR, which
 * some spreadsheets strip before looking) is run as a formula by Excel; an agency file could
 * carry one into our reports, so it is prefixed with an apostrophe and shown as text.
 *
 * <p>The check looks past what a clerk cannot see and some spreadsheets drop or fold before they
 * look: leading spaces of any kind (NBSP included), zero-width and bidirectional marks (U+200B-U+200F,
 * U+202A-U+202E, U+2060, U+2066-U+2069, the BOM U+FEFF; every Unicode format character) and control
 * characters. The first character after them counts as a formula start when its compatibility form
 * (NFKC) begins with = + - @: that covers the full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20),
 * which an IME types and some spreadsheets and import paths fold to ASCII, and the small forms
 * (U+FE62, U+FE63, U+FE66, U+FE6B).
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String neutralize(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        if (first == '\t' || first == '\r') {
            return "'" + cell;
        }
        int i = 0;
        while (i < cell.length() && invisible(cell.codePointAt(i))) {
            i += Character.charCount(cell.codePointAt(i));
        }
        if (i < cell.length() && formulaStart(cell.codePointAt(i))) {
            return "'" + cell;
        }
        return cell;
    }

    /** Skipped before looking for a formula start: spaces, format (zero-width, bidi) and control characters. */
    static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.SPACE_SEPARATOR || type == Character.FORMAT || type == Character.CONTROL
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    static boolean formulaStart(int cp) {
        if (cp == '=' || cp == '+' || cp == '-' || cp == '@') {
            return true;
        }
        if (cp < 0x80) {
            return false;
        }
        String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        if (folded.isEmpty()) {
            return false;
        }
        char c = folded.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@';
    }
}
