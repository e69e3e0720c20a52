package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.util.ArrayList;
import java.util.List;

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
    /** A .xlsx that is not a workbook: not a zip, an old .xls renamed, a password-protected file. */
    public static final String NOT_XLSX = "FILE_NOT_XLSX";
    /** A .ods that is not an OpenDocument spreadsheet: not a zip, another document, a password-protected file. */
    public static final String NOT_ODS = "FILE_NOT_ODS";
    /** A .xlsx (or .ods) whose parts inflate far beyond their compressed size (a zip bomb) or past the entry limit. */
    public static final String XLSX_TOO_EXPANDED = "FILE_XLSX_TOO_EXPANDED";
    /** A .xlsx cell holds more text than any worker row needs. */
    public static final String CELL_TOO_LONG = "FILE_CELL_TOO_LONG";
    /**
     * A .xlsx whose shared strings (its distinct texts) need more memory than
     * {@link ValidationSettings#maxSharedStringBytes}: refused before any row is read.
     */
    public static final String TOO_COMPLEX = "FILE_TOO_COMPLEX";
    /** More records or rows than {@link ValidationSettings#maxRows}. */
    public static final String TOO_MANY_ROWS = "FILE_TOO_MANY_ROWS";
    /** The upload stopped part-way and did not go on within the stall period (intake/UploadWatch). */
    public static final String TRUNCATED = "FILE_TRUNCATED";
    /** The file's SHA-256 is not the one its completion marker gives. */
    public static final String MARKER_MISMATCH = "FILE_MARKER_MISMATCH";

    private FileRefusals() {
    }

    /**
     * @param whatId what is missing, in Indonesian (the last line's end, the end of the workbook)
     * @param minutes how long the file stayed unchanged before it was refused
     */
    public static FileRejectedException truncated(String fileName, String whatId, String whatEn, long minutes) {
        return new FileRejectedException(fileName, TRUNCATED,
                "Unggahan berkas tidak selesai (" + whatId + "; tidak berubah selama " + minutes + " menit)."
                        + " Tidak ada baris yang diproses; unggah ulang seluruh berkas",
                "The upload did not finish (" + whatEn + "; unchanged for " + minutes + " minutes)."
                        + " No row was processed; upload the whole file again");
    }

    public static FileRejectedException markerMismatch(String fileName, String expectedPrefix, String actualPrefix) {
        return new FileRejectedException(fileName, MARKER_MISMATCH,
                "Isi berkas tidak sama dengan SHA-256 pada berkas penandanya (penanda " + expectedPrefix
                        + "…, berkas " + actualPrefix + "…). Tidak ada baris yang diproses; unggah ulang berkas, lalu"
                        + " penandanya",
                "The file's content does not match the SHA-256 in its marker (marker " + expectedPrefix
                        + "…, file " + actualPrefix + "…). No row was processed; upload the file again, then its"
                        + " marker");
    }

    public static FileRejectedException markerRowCount(String fileName, int expected, int actual) {
        return new FileRejectedException(fileName, MARKER_MISMATCH,
                "Jumlah baris berkas (" + actual + ") tidak sama dengan jumlah pada berkas penandanya (" + expected
                        + "). Tidak ada baris yang diproses; unggah ulang berkas, lalu penandanya",
                "The file has " + actual + " rows, its marker says " + expected + ". No row was processed; upload"
                        + " the file again, then its marker");
    }

    static FileRejectedException otherSpreadsheet(String fileName) {
        return new FileRejectedException(fileName, TYPE_UNSUPPORTED,
                "Jenis berkas ini tidak dapat dibaca; buka di Excel lalu simpan sebagai Excel Workbook (.xlsx)"
                        + " atau CSV UTF-8 (File > Save As); dari LibreOffice juga .ods",
                "This kind of file cannot be read; open it in Excel and save it as Excel Workbook (.xlsx)"
                        + " or CSV UTF-8 (File > Save As); from LibreOffice .ods too");
    }

    static FileRejectedException wrongExtension(String fileName) {
        return new FileRejectedException(fileName, NOT_CSV,
                "Hanya berkas .csv, .txt, .xlsx atau .ods yang diterima",
                "Only .csv, .txt, .xlsx or .ods files are accepted");
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

    /**
     * A required column the header does not give. The note names each missing column with the names
     * it is accepted under, and the headers the file has as written, so the clerk sees at once whether a
     * name is spelt another way (rename it) or the separator is wrong (one long header).
     *
     * @param found the non-empty cells of the row judged as the header, as written
     */
    static FileRejectedException missingColumns(String fileName, List<Column> missing, List<String> found) {
        StringBuilder namesId = new StringBuilder();
        StringBuilder namesEn = new StringBuilder();
        for (Column c : missing) {
            List<String> accepted = new ArrayList<>(c.names());
            if (c == Column.TGL_LAHIR) {
                accepted.addAll(Column.TEMPAT_TGL_LAHIR.names());
            }
            String list = String.join(", ", accepted);
            namesId.append(namesId.length() == 0 ? "" : "; ").append(c.name()).append(" (nama yang diterima: ")
                    .append(list).append(')');
            namesEn.append(namesEn.length() == 0 ? "" : "; ").append(c.name()).append(" (accepted names: ")
                    .append(list).append(')');
        }
        String headers = found.isEmpty() ? "-" : "\"" + String.join("\", \"", found) + "\"";
        return new FileRejectedException(fileName, MISSING_COLUMN,
                "Kolom wajib tidak ada: " + namesId + ". Judul kolom yang ditemukan: " + headers
                        + " (periksa baris judul kolom dan pemisah ; atau ,)",
                "Required column missing: " + namesEn + ". Headers found: " + headers
                        + " (check the header row and the ; or , separator)");
    }

    static FileRejectedException duplicateColumn(String fileName, String column) {
        return new FileRejectedException(fileName, DUPLICATE_COLUMN,
                "Kolom " + column + " muncul lebih dari sekali",
                "Column " + column + " appears more than once");
    }

    static FileRejectedException notXlsx(String fileName, String whatId, String whatEn) {
        return new FileRejectedException(fileName, NOT_XLSX,
                "Berkas bukan buku kerja Excel .xlsx (" + whatId + "); buka di Excel lalu simpan sebagai"
                        + " Excel Workbook (.xlsx) atau CSV UTF-8",
                "The file is not an Excel .xlsx workbook (" + whatEn + "); open it in Excel and save it as"
                        + " Excel Workbook (.xlsx) or CSV UTF-8");
    }

    static FileRejectedException notOds(String fileName, String whatId, String whatEn) {
        return new FileRejectedException(fileName, NOT_ODS,
                "Berkas bukan lembar kerja OpenDocument .ods (" + whatId + "); buka di LibreOffice lalu simpan"
                        + " sebagai ODF Spreadsheet (.ods), Excel 2007-365 (.xlsx) atau CSV UTF-8",
                "The file is not an OpenDocument .ods spreadsheet (" + whatEn + "); open it in LibreOffice and"
                        + " save it as ODF Spreadsheet (.ods), Excel 2007-365 (.xlsx) or CSV UTF-8");
    }

    /** The .ods's content.xml inflates past the limits an .xlsx's parts are held to: the same code. */
    static FileRejectedException odsTooExpanded(String fileName) {
        return new FileRejectedException(fileName, XLSX_TOO_EXPANDED,
                "Isi berkas .ods mengembang jauh melebihi ukurannya (kemungkinan berkas rusak atau berbahaya);"
                        + " simpan ulang dari LibreOffice atau kirim sebagai CSV",
                "The .ods content expands far beyond its size (probably a broken or malicious file);"
                        + " save it again from LibreOffice or send it as CSV");
    }

    static FileRejectedException xlsxTooExpanded(String fileName) {
        return new FileRejectedException(fileName, XLSX_TOO_EXPANDED,
                "Isi berkas .xlsx mengembang jauh melebihi ukurannya (kemungkinan berkas rusak atau berbahaya);"
                        + " simpan ulang dari Excel atau kirim sebagai CSV",
                "The .xlsx content expands far beyond its size (probably a broken or malicious file);"
                        + " save it again from Excel or send it as CSV");
    }

    static FileRejectedException cellTooLong(String fileName, long row, int max) {
        return new FileRejectedException(fileName, CELL_TOO_LONG,
                "Baris " + row + " berisi lebih dari " + max + " karakter",
                "Row " + row + " holds more than " + max + " characters");
    }

    static FileRejectedException unreadable(String fileName, String whyEn) {
        return new FileRejectedException(fileName, UNREADABLE,
                "Berkas tidak dapat dibaca", "The file cannot be read: " + whyEn);
    }

    static FileRejectedException tooComplex(String fileName, long strings, long limitBytes) {
        long mib = limitBytes / (1024 * 1024);
        String limit = mib > 0 ? mib + " MiB" : limitBytes + " byte";
        return new FileRejectedException(fileName, TOO_COMPLEX,
                "Berkas .xlsx memuat terlalu banyak teks yang berbeda: " + strings + " teks pertama sudah melebihi"
                        + " batas memori " + limit + " (jamsos.validation.maxSharedStringsMib). Tidak ada baris yang"
                        + " diproses; kirim sebagai CSV UTF-8 atau bagi menjadi beberapa berkas",
                "The .xlsx holds too much distinct text: its first " + strings + " texts already take more than"
                        + " the memory limit of " + limit.replace("byte", "bytes")
                        + " (jamsos.validation.maxSharedStringsMib). No row was processed; send it as CSV UTF-8"
                        + " or split it into several files");
    }

    /** A package part POI must hold whole (content types, relationships, workbook) past its limit: far more than any workbook has. */
    static FileRejectedException packagePartTooLarge(String fileName, String part, long limitBytes) {
        long mib = limitBytes / (1024 * 1024);
        return new FileRejectedException(fileName, TOO_COMPLEX,
                "Struktur berkas .xlsx terlalu besar: bagian " + part + " melebihi " + mib + " MiB (batas"
                        + " jamsos.validation.maxPackagePartMib; buku kerja biasa hanya beberapa KB; mungkin ribuan lembar"
                        + " kerja, atau berkas berbahaya). Tidak ada baris yang diproses; simpan hanya"
                        + " lembar daftar pekerja sebagai Excel Workbook (.xlsx) atau CSV UTF-8",
                "The .xlsx structure is too large: its part " + part + " exceeds " + mib + " MiB (limit"
                        + " jamsos.validation.maxPackagePartMib; an ordinary workbook's is a few KB; perhaps many thousands"
                        + " of sheets, or a malicious file). No row was processed; save only the worker"
                        + " list sheet as Excel Workbook (.xlsx) or CSV UTF-8");
    }

    /**
     * The styles part past its limit ({@link ValidationSettings#maxStylesPartBytes}), far above what the
     * most heavily formatted real workbook has.
     */
    static FileRejectedException stylesPartTooLarge(String fileName, String part, long limitBytes) {
        long mib = limitBytes / (1024 * 1024);
        return new FileRejectedException(fileName, TOO_COMPLEX,
                "Gaya sel berkas .xlsx terlalu besar: bagian " + part + " melebihi " + mib + " MiB (mungkin"
                        + " puluhan ribu gaya sel yang tersalin dari buku kerja lain, atau berkas berbahaya). Tidak ada"
                        + " baris yang diproses; salin hanya nilai lembar daftar pekerja ke buku kerja baru dan simpan"
                        + " sebagai Excel Workbook (.xlsx), atau simpan sebagai CSV UTF-8",
                "The .xlsx cell styles are too large: its part " + part + " exceeds " + mib + " MiB (perhaps tens"
                        + " of thousands of cell styles copied in from other workbooks, or a malicious file). No row was"
                        + " processed; copy only the values of the worker list sheet into a new workbook and save it as"
                        + " Excel Workbook (.xlsx), or save it as CSV UTF-8");
    }

    static FileRejectedException tooManyRows(String fileName, long rows, long max) {
        return new FileRejectedException(fileName, TOO_MANY_ROWS,
                "Berkas memuat terlalu banyak baris (" + rows + ", batas " + max
                        + ", jamsos.validation.maxRows). Tidak ada baris yang diproses; bagi menjadi beberapa berkas",
                "The file has too many rows (" + rows + ", limit " + max
                        + ", jamsos.validation.maxRows). No row was processed; split it into several files");
    }
}
