package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.ValidatedRow;

import java.util.Iterator;
import java.util.List;

/**
 * The rows of an agency file that passed the file-level checks, validated one at a time as they
 * are read. Blank rows are skipped. Reading errors during iteration surface as
 * {@link java.io.UncheckedIOException}.
 */
public interface ValidatedFile extends Iterator<ValidatedRow>, AutoCloseable {

    /** File-level remarks in "Indonesian / English": unknown columns, encoding fallback, title rows. */
    List<String> warnings();

    /** The encoding a CSV file was read with: "UTF-8" or "windows-1252"; "xlsx" for a workbook. */
    String encoding();

    /** The CSV separator detected from the header line; {@code '\0'} for a workbook. */
    char separator();

    /**
     * The data rows the structure pass found before the first row is read (blank rows included: an upper
     * bound of the rows the file gives), so a limit can refuse the file before any row is recorded.
     */
    long rowsAtMost();

    @Override
    void close();
}
