package id.jamsos.gateway.cli;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.validation.FileValidationSummary;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code validate} tells the clerk who runs it: the counts in both languages, why the first
 * refused rows were refused, how many rows each reason refused, and where the full list is. It is
 * fed row by row while the file is read, so it keeps only the first rows' reasons and one count per
 * reason code, whatever the size of the file.
 */
final class ValidationVerdict {

    /** Refused rows whose reasons are printed; the rest are counted, and listed by --report. */
    static final int FIRST_ROWS = 10;

    /** One reason code: how many rows it refused, and the first message of it as an example. */
    record Reason(String code, String field, int rows, String messageId, String messageEn) {
    }

    private final List<ValidatedRow> firstRows = new ArrayList<>();
    private final Map<String, Reason> reasons = new LinkedHashMap<>();

    /** Takes one refused row (accepted rows are not passed). */
    void refused(ValidatedRow row) {
        if (firstRows.size() < FIRST_ROWS) {
            firstRows.add(row);
        }
        // A row refused twice for the same code (two NIK faults of one kind) counts once for it.
        Map<String, RowRejection> codes = new LinkedHashMap<>();
        for (RowRejection r : row.rejections()) {
            codes.putIfAbsent(r.code(), r);
        }
        for (RowRejection r : codes.values()) {
            reasons.merge(r.code(), new Reason(r.code(), r.field(), 1, r.messageId(), r.messageEn()),
                    (a, b) -> new Reason(a.code(), a.field(), a.rows() + 1, a.messageId(), a.messageEn()));
        }
    }

    List<ValidatedRow> firstRows() {
        return firstRows;
    }

    /** The reasons, the most frequent first (ties in the order they were first met). */
    List<Reason> reasons() {
        List<Reason> sorted = new ArrayList<>(reasons.values());
        sorted.sort(Comparator.comparingInt(Reason::rows).reversed());
        return sorted;
    }

    /** The counts as one line in each language. */
    static String[] counts(FileValidationSummary s) {
        return new String[] {
            s.fileName() + ": " + s.rows() + " baris, " + s.accepted() + " diterima, " + s.rejected() + " ditolak",
            s.fileName() + ": " + s.rows() + " rows, " + s.accepted() + " accepted, " + s.rejected() + " refused"};
    }

    /**
     * Prints the verdict for a person.
     *
     * @param reportWritten where the refused rows were written, or null when no --report was given
     */
    void print(PrintWriter out, FileValidationSummary s, String reportWritten) {
        String[] counts = counts(s);
        out.println(counts[0]);
        out.println(counts[1]);
        if (s.rejected() == 0) {
            out.println("Semua baris dapat dikirim. / Every row can be sent.");
        } else {
            out.println();
            out.println("Alasan penolakan (jumlah baris) / Reasons refused (rows):");
            for (Reason r : reasons()) {
                out.printf("  %-26s %6d  %s / %s%n", r.code(), r.rows(), r.messageId(), r.messageEn());
            }
            out.println();
            out.println(firstRows.size() < s.rejected()
                    ? "Baris ditolak pertama (" + firstRows.size() + " dari " + s.rejected() + ") / First refused rows ("
                            + firstRows.size() + " of " + s.rejected() + "):"
                    : "Baris ditolak / Refused rows:");
            for (ValidatedRow row : firstRows) {
                for (RowRejection r : row.rejections()) {
                    out.printf("  baris/row %d, kolom/column %s: %s / %s%n", row.rowNumber(), r.field(),
                            r.messageId(), r.messageEn());
                }
            }
            out.println();
            if (reportWritten == null) {
                out.println("Daftar lengkap dengan NIK: tambahkan --report ditolak.csv"
                        + " / The full list with NIKs: add --report refused.csv");
            } else {
                out.println("Daftar lengkap dengan NIK ditulis ke / The full list with NIKs was written to: "
                        + reportWritten);
            }
        }
        for (String warning : s.warnings()) {
            out.println("Peringatan / Warning: " + warning);
        }
    }
}
