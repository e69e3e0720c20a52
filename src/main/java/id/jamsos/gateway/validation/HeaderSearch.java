package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the header among the first non-blank rows of a file, the same way for CSV and .xlsx:
 * the first non-blank row that names a NIK column is the header; title rows above it are
 * tolerated (with a warning) up to {@link #MAX_HEADER_SEARCH} rows. A file without such a row is
 * refused for the missing columns of the row that names the most known columns (the first of
 * those): judging the first row instead, a title row, once reported all four required columns
 * missing in a file whose header only spelled the NIK column another way.
 */
final class HeaderSearch {

    /** Title rows above the header are tolerated; the header must come within this many rows. */
    static final int MAX_HEADER_SEARCH = 20;

    private final String fileName;
    private HeaderLayout layout;
    private HeaderLayout best;
    private int headerRow;
    private int nonBlankBeforeHeader;
    private long dataRows;

    HeaderSearch(String fileName) {
        this.fileName = fileName;
    }

    /** One non-blank row, in file order, with its row number as a spreadsheet shows it. */
    void offer(int rowNumber, List<String> cells) throws FileRejectedException {
        if (layout != null) {
            dataRows++;
            return;
        }
        HeaderLayout candidate = HeaderLayout.of(cells);
        if (best == null || candidate.knownColumns() > best.knownColumns()) {
            best = candidate;
        }
        if (candidate.has(Column.NIK)) {
            candidate.check(fileName);
            layout = candidate;
            headerRow = rowNumber;
        } else if (++nonBlankBeforeHeader >= MAX_HEADER_SEARCH) {
            best.check(fileName);
        }
    }

    /**
     * Rows after the header that repeat a row already offered (an .ods row with
     * {@code table:number-rows-repeated}): counted without offering each.
     */
    void addDataRows(long n) {
        if (layout == null) {
            throw new IllegalStateException("no header yet");
        }
        dataRows += n;
    }

    boolean headerFound() {
        return layout != null;
    }

    /** After the last row: the header, or the refusal of a file without one or without data rows. */
    HeaderLayout finish() throws FileRejectedException {
        if (layout == null) {
            if (best == null) {
                throw FileRefusals.noRows(fileName);
            }
            best.check(fileName);
            throw FileRefusals.missingColumns(fileName, List.of(Column.NIK), best.written());
        }
        if (dataRows == 0) {
            throw FileRefusals.noRows(fileName);
        }
        return layout;
    }

    /** The header once found, else null. */
    HeaderLayout layoutOrNull() {
        return layout;
    }

    int headerRow() {
        return headerRow;
    }

    /** Non-blank rows after the header: at most this many rows will be validated. */
    long dataRows() {
        return dataRows;
    }

    /** The file-level warnings every format shares: title rows skipped, unknown columns. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (headerRow > 1) {
            warnings.add("Baris 1-" + (headerRow - 1) + " di atas judul kolom diabaikan"
                    + " / Rows 1-" + (headerRow - 1) + " above the header were ignored");
        }
        if (layout != null && !layout.unknownColumns().isEmpty()) {
            String names = String.join(", ", layout.unknownColumns());
            warnings.add("Kolom tidak dikenal diabaikan: " + names + " / Unknown columns ignored: " + names);
        }
        return warnings;
    }
}
