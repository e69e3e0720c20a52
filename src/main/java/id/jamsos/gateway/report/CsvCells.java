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

    /**
     * A NIK or KPJ cell that a spreadsheet must not turn into a number. Opened as a number, a 16-digit
     * NIK loses its last digit (a double holds 15 significant digits: {@code 9671102804958883} becomes
     * {@code 9.67110280495888E+015}) and a KPJ loses its leading zeros: the very damage the gateway
     * refuses in agency files. A cell of digits alone is written as the formula {@code ="<digits>"},
     * whose value is that text: Excel shows the digits as text, LibreOffice too, or (when its CSV
     * import does not evaluate formulas) shows the formula itself, the digits still whole. Chosen over
     * a leading tab or apostrophe, which a spreadsheet keeps in the cell (and which {@link #neutralize}
     * itself treats as a formula start).
     *
     * <p>The formula is the gateway's own, around digits only: nothing of an agency file can reach it.
     * Any other value (a rejected row's NIK as the clerk typed it) passes {@link #neutralize} as before.
     */
    public static String digitsAsText(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        return allDigits(cell) ? "=\"" + cell + "\"" : neutralize(cell);
    }

    /**
     * The digits of a cell written by {@link #digitsAsText}, as a spreadsheet shows them; any other cell
     * as it is. For whoever reads a report back (its tests, an agency's script).
     */
    public static String textOf(String cell) {
        if (cell != null && cell.length() > 3 && cell.startsWith("=\"") && cell.endsWith("\"")
                && allDigits(cell.substring(2, cell.length() - 1))) {
            return cell.substring(2, cell.length() - 1);
        }
        return cell;
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
