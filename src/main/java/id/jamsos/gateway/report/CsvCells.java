package id.jamsos.gateway.report;

/**
 * Cell text safe to open in a spreadsheet. A cell that starts with = + - @ (or tab/CR, which
 * some spreadsheets strip before looking) is run as a formula by Excel; an agency file could
 * carry one into our reports, so it is prefixed with an apostrophe and shown as text.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String neutralize(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
    }
}
