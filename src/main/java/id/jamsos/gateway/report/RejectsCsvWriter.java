package id.jamsos.gateway.report;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.model.RowRejection;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The rejects report a clerk opens in Excel: one line per reason, so a row refused for two
 * reasons appears twice. Comma-separated (or the agency's separator) with CRLF; every cell passes
 * {@link CsvCells#neutralize}, a NIK of digits {@link CsvCells#digitsAsText}. It carries the raw NIK
 * because the clerk must find and fix the row; it is never logged. The file's warnings (read as
 * Windows-1252, unknown columns, title rows skipped) come last, one line each, code WARNING.
 */
public final class RejectsCsvWriter implements Closeable, Flushable {

    /**
     * The row's AKSI comes last: a change file's rows say what was asked (docs/validation.md), and an
     * agency's sheet or macro that reads the columns before it by position keeps working.
     */
    public static final String[] HEADER = {"baris/row", "nik", "nama/name", "kolom/field", "kode/code", "alasan", "reason",
            "aksi/action"};

    private final CSVPrinter printer;

    /** Writes the header at once; the caller owns the encoding of {@code out} (UTF-8 with BOM opens best in Excel). */
    public RejectsCsvWriter(Writer out) throws IOException {
        this(out, ',');
    }

    /** With the agency's separator (agencies.yaml report_csv_separator). */
    public RejectsCsvWriter(Writer out, char separator) throws IOException {
        this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setDelimiter(separator)
                .setRecordSeparator("\r\n").get());
        printer.printRecord((Object[]) HEADER);
    }

    /** A DAFTAR row's reason. */
    public void write(int row, String nik, String name, RowRejection r) throws IOException {
        write(row, nik, name, r, ChangeAction.DAFTAR);
    }

    /** @param action what the row asked for; null when its AKSI was no action */
    public void write(int row, String nik, String name, RowRejection r, ChangeAction action) throws IOException {
        printer.printRecord(Integer.toString(row), CsvCells.digitsAsText(nik), CsvCells.neutralize(name),
                CsvCells.neutralize(r.field()), CsvCells.neutralize(r.code()),
                CsvCells.neutralize(r.messageId()), CsvCells.neutralize(r.messageEn()), RowStatusText.of(action));
    }

    /** A file refused as a whole: one line without row, NIK or name. */
    public void writeFileRejection(String code, String messageId, String messageEn) throws IOException {
        printer.printRecord("", "", "", "FILE", CsvCells.neutralize(code), CsvCells.neutralize(messageId),
                CsvCells.neutralize(messageEn), "");
    }

    /** A warning about the whole file, "Indonesian / English": one line without row, NIK or name. */
    public void writeFileWarning(String text) throws IOException {
        String[] both = ReportTexts.split(text);
        printer.printRecord("", "", "", "FILE", "WARNING", CsvCells.neutralize(both[0]), CsvCells.neutralize(both[1]), "");
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
