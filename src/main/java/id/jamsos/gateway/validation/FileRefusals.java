package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

/** Why a whole agency file is refused: the codes and their clerk-facing wording. */
public final class FileRefusals {

    public static final String TYPE_UNSUPPORTED = "FILE_TYPE_UNSUPPORTED";
    public static final String NOT_CSV = "FILE_NOT_CSV";
    public static final String TOO_LARGE = "FILE_TOO_LARGE";
    public static final String LINE_TOO_LONG = "FILE_LINE_TOO_LONG";
    public static final String BAD_QUOTES = "FILE_BAD_QUOTES";
    public static final String NO_ROWS = "FILE_NO_ROWS";
    public static final String MISSING_COLUMN = "FILE_MISSING_COLUMN";
    public static final String DUPLICATE_COLUMN = "FILE_DUPLICATE_COLUMN";
    public static final String UNREADABLE = "FILE_UNREADABLE";

    private FileRefusals() {
    }

    static FileRejectedException excelNotYet(String fileName) {
        return new FileRejectedException(fileName, TYPE_UNSUPPORTED,
                "Berkas Excel belum didukung; simpan sebagai CSV (File > Save As > CSV UTF-8)",
                "Excel files are not supported yet; save the sheet as CSV (File > Save As > CSV UTF-8)");
    }

    static FileRejectedException wrongExtension(String fileName) {
        return new FileRejectedException(fileName, NOT_CSV,
                "Hanya berkas .csv atau .txt yang diterima",
                "Only .csv or .txt files are accepted");
    }

    static FileRejectedException binary(String fileName, String whatId, String whatEn) {
        return new FileRejectedException(fileName, NOT_CSV,
                "Berkas bukan CSV teks (" + whatId + "); simpan ulang sebagai CSV UTF-8",
                "The file is not a text CSV (" + whatEn + "); save it again as CSV UTF-8");
    }

    static FileRejectedException tooLarge(String fileName, long size, long max) {
        return new FileRejectedException(fileName, TOO_LARGE,
                "Berkas terlalu besar (" + size + " byte, batas " + max + "); bagi menjadi beberapa berkas",
                "The file is too large (" + size + " bytes, limit " + max + "); split it into several files");
    }

    static FileRejectedException lineTooLong(String fileName, long line, int max) {
        return new FileRejectedException(fileName, LINE_TOO_LONG,
                "Baris " + line + " lebih panjang dari " + max + " karakter",
                "Line " + line + " is longer than " + max + " characters");
    }

    static FileRejectedException recordTooLong(String fileName, long line, int max) {
        return new FileRejectedException(fileName, LINE_TOO_LONG,
                "Isian mulai baris " + line + " lebih panjang dari " + max
                        + " karakter; mungkin tanda kutip (\") tidak ditutup",
                "The record starting at line " + line + " is longer than " + max
                        + " characters; a quote (\") is probably not closed");
    }

    static FileRejectedException badQuotes(String fileName, long line) {
        return new FileRejectedException(fileName, BAD_QUOTES,
                "Tanda kutip (\") tidak tertutup atau salah tempat sekitar baris " + line,
                "A quote (\") is not closed or misplaced around line " + line);
    }

    static FileRejectedException noRows(String fileName) {
        return new FileRejectedException(fileName, NO_ROWS,
                "Berkas tidak berisi baris data (hanya judul kolom atau kosong)",
                "The file has no data rows (only a header, or empty)");
    }

    static FileRejectedException missingColumns(String fileName, String columns) {
        return new FileRejectedException(fileName, MISSING_COLUMN,
                "Kolom wajib tidak ada: " + columns + " (periksa baris judul kolom dan pemisah ; atau ,)",
                "Required column missing: " + columns + " (check the header row and the ; or , separator)");
    }

    static FileRejectedException duplicateColumn(String fileName, String column) {
        return new FileRejectedException(fileName, DUPLICATE_COLUMN,
                "Kolom " + column + " muncul lebih dari sekali",
                "Column " + column + " appears more than once");
    }

    static FileRejectedException unreadable(String fileName, String whyEn) {
        return new FileRejectedException(fileName, UNREADABLE,
                "Berkas tidak dapat dibaca", "The file cannot be read: " + whyEn);
    }
}
