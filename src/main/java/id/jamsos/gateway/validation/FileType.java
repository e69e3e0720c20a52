package id.jamsos.gateway.validation;

import java.util.Locale;

/** What kind of agency file a name announces; the content is checked against it later. */
enum FileType {
    /** .csv or .txt: text with separators. */
    CSV,
    /** .xlsx: an Excel 2007+ workbook. */
    XLSX,
    /** .ods: an OpenDocument spreadsheet (LibreOffice's own format). */
    ODS,
    /** .xls, .xlsm, .xlsb: spreadsheets the gateway does not read; the clerk saves as .xlsx or CSV. */
    OTHER_SPREADSHEET,
    /** Anything else. */
    UNKNOWN;

    static FileType of(String fileName) {
        String lower = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            return CSV;
        }
        if (lower.endsWith(".xlsx")) {
            return XLSX;
        }
        if (lower.endsWith(".ods")) {
            return ODS;
        }
        if (lower.endsWith(".xls") || lower.endsWith(".xlsm") || lower.endsWith(".xlsb")) {
            return OTHER_SPREADSHEET;
        }
        return UNKNOWN;
    }
}
