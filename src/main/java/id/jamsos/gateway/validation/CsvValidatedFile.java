package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.ValidatedRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/** The third pass over a CSV file: its data rows, validated as they are read. */
final class CsvValidatedFile implements ValidatedFile {

    private final CsvTokenizer csv;
    private final int headerRow;
    private final RowValidator validator;
    private final List<String> warnings;
    private final String encoding;
    private final char separator;
    private int recordNo;
    private ValidatedRow next;

    CsvValidatedFile(CsvTokenizer csv, int headerRow, RowValidator validator, List<String> warnings,
                     String encoding, char separator) {
        this.csv = csv;
        this.headerRow = headerRow;
        this.validator = validator;
        this.warnings = warnings;
        this.encoding = encoding;
        this.separator = separator;
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && csv.next()) {
                recordNo++;
                if (recordNo <= headerRow || csv.recordIsBlank()) {
                    continue;
                }
                next = validator.validate(recordNo, csv, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return next != null;
    }

    @Override
    public ValidatedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ValidatedRow row = next;
        next = null;
        return row;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public long rowsAtMost() {
        return validator.expectedRows;
    }

    @Override
    public String encoding() {
        return encoding;
    }

    @Override
    public char separator() {
        return separator;
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
