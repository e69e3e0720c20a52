package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.ValidatedRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;


/**
 * Opens an agency file (CSV, an Excel {@code .xlsx} workbook read by {@link XlsxValidatedFile}, or an
 * OpenDocument {@code .ods} spreadsheet read by {@link OdsValidatedFile}),
 * refuses it as a whole when it cannot be trusted, and otherwise hands out its rows validated one
 * by one.
 *
 * <p>{@link #open} reads a CSV file twice before the first row is returned (raw bytes, then CSV
 * structure, see {@link FilePrescan} and {@link CsvTokenizer}) so a file is refused completely or
 * not at all: no half-processed files. Neither pass nor the iteration holds more than one record
 * in memory; the duplicate check keeps one long per NIK, and a file of more than
 * {@link ValidationSettings#maxRows} records is refused after the structure pass, so that check stays
 * bounded too.
 *
 * <p>Row numbers are what a spreadsheet shows when it opens the file: one per CSV record
 * (a quoted field with line breaks stays one row), blank lines included, the header row usually 1.
 */
public final class AgencyFileValidator {

    /**
     * A quoted record may span lines; it is refused when longer than the line limit plus this. The
     * margin is what the commons-csv reading this replaced allowed (its read-ahead), so that no
     * file accepted before is refused now.
     */
    private static final int RECORD_LENGTH_MARGIN = 16 * 1024;

    private final ValidationSettings settings;

    public AgencyFileValidator(ValidationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public AgencyFileValidator() {
        this(ValidationSettings.defaults());
    }

    public ValidationSettings settings() {
        return settings;
    }

    /**
     * True when the part of a CSV received so far is already refused as a whole, whatever the rest of the
     * upload brings: the wrong type, too large, binary, a line too long. Such a file need not wait for
     * its end (intake/UploadWatch); opening it gives the refusal.
     */
    public boolean refusedWhateverFollows(Path part, String fileName) throws IOException {
        if (FileType.of(fileName) != FileType.CSV) {
            return FileType.of(fileName) != FileType.XLSX && FileType.of(fileName) != FileType.ODS;
        }
        try {
            FilePrescan.scan(part, fileName, settings);
            return false;
        } catch (FileRejectedException e) {
            return true;
        }
    }

    /**
     * @param file     where the bytes are
     * @param fileName the name the agency gave the file (for the type check and the messages)
     */
    public ValidatedFile open(Path file, String fileName) throws FileRejectedException, IOException {
        if (FileType.of(fileName) == FileType.XLSX) {
            return XlsxValidatedFile.open(file, fileName, settings);
        }
        if (FileType.of(fileName) == FileType.ODS) {
            return OdsValidatedFile.open(file, fileName, settings);
        }
        FilePrescan.Result scan = FilePrescan.scan(file, fileName, settings);
        char separator;
        try (BufferedReader reader = new BufferedReader(reader(file, scan))) {
            separator = SeparatorSniffer.sniff(reader);
        }
        Structure structure = checkStructure(file, fileName, separator, scan);

        List<String> warnings = new ArrayList<>();
        if (!scan.utf8()) {
            warnings.add("Berkas bukan UTF-8; dibaca sebagai Windows-1252 (periksa huruf beraksen)"
                    + " / The file is not UTF-8; read as Windows-1252 (check accented letters)");
        }
        warnings.addAll(structure.header().warnings());

        HeaderLayout layout = structure.header().finish();
        int headerRow = structure.header().headerRow();
        if (structure.records() - headerRow > settings.maxRows()) {
            throw FileRefusals.tooManyRows(fileName, structure.records() - headerRow, settings.maxRows());
        }
        return new CsvValidatedFile(tokenizer(file, scan, separator), headerRow,
                new RowValidator(layout, settings, structure.records() - headerRow), List.copyOf(warnings),
                scan.charset().name(), separator);
    }

    /**
     * Validates the whole file, keeping every refused row.
     */
    public FileValidationSummary summarize(Path file, String fileName) {
        return summarize(file, fileName, row -> { }, Integer.MAX_VALUE);
    }

    /**
     * Validates the whole file, handing each refused row to {@code onReject} as it is found and
     * keeping at most {@code keepRejects} of them in the summary (0 for a million-row file).
     */
    public FileValidationSummary summarize(Path file, String fileName, Consumer<ValidatedRow> onReject,
                                           int keepRejects) {
        return summarize(file, fileName, onReject, keepRejects, () -> { });
    }

    /** As above, calling {@code afterEachRow} once per row read (the validate command's progress bar). */
    public FileValidationSummary summarize(Path file, String fileName, Consumer<ValidatedRow> onReject,
                                           int keepRejects, Runnable afterEachRow) {
        int rows = 0;
        int accepted = 0;
        List<ValidatedRow> rejects = new ArrayList<>();
        try (ValidatedFile vf = open(file, fileName)) {
            while (vf.hasNext()) {
                ValidatedRow row = vf.next();
                rows++;
                afterEachRow.run();
                if (row.accepted()) {
                    accepted++;
                } else {
                    onReject.accept(row);
                    if (rejects.size() < keepRejects) {
                        rejects.add(row);
                    }
                }
            }
            return new FileValidationSummary(fileName, rows, accepted, rows - accepted, null, null,
                    rejects, vf.warnings());
        } catch (FileRejectedException e) {
            return FileValidationSummary.refused(fileName, e.code(), e.messageId() + " / " + e.messageEn());
        } catch (IOException | UncheckedIOException e) {
            return FileValidationSummary.refused(fileName, FileRefusals.UNREADABLE,
                    "Berkas tidak dapat dibaca / The file cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** What the structure pass found: the header, and how many records the file has (blank ones too). */
    private record Structure(HeaderSearch header, int records) {
    }

    /** The second pass: quoting, record length, header and at least one data row, over the whole file. */
    private Structure checkStructure(Path file, String fileName, char separator, FilePrescan.Result scan)
            throws FileRejectedException, IOException {
        HeaderSearch header = new HeaderSearch(fileName);
        int recordNo = 0;
        try (CsvTokenizer csv = tokenizer(file, scan, separator)) {
            try {
                // Cells matter until the header and a first data row are found; after that only the structure.
                while (header.dataRows() == 0 ? csv.next() : csv.skip()) {
                    recordNo++;
                    if (header.dataRows() == 0 && !csv.recordIsBlank()) {
                        header.offer(recordNo, header.headerFound() ? List.of() : cells(csv));
                    }
                }
            } catch (CsvTokenizer.MalformedException e) {
                if (e.unclosedQuote()) {
                    throw FileRefusals.badQuotes(fileName, csv.lineAfterLastRecord());
                }
                throw FileRefusals.recordTooLong(fileName, csv.lineAfterLastRecord(), settings.maxLineChars());
            }
        }
        header.finish();
        return new Structure(header, recordNo);
    }

    private static List<String> cells(CsvTokenizer csv) {
        List<String> cells = new ArrayList<>(csv.size());
        for (int i = 0; i < csv.size(); i++) {
            cells.add(csv.get(i));
        }
        return cells;
    }

    private CsvTokenizer tokenizer(Path file, FilePrescan.Result scan, char separator) throws IOException {
        return new CsvTokenizer(bytes(file, scan), scan.charset(), separator,
                (long) settings.maxLineChars() + RECORD_LENGTH_MARGIN);
    }

    private static Reader reader(Path file, FilePrescan.Result scan) throws IOException {
        return new InputStreamReader(bytes(file, scan), scan.charset());
    }

    /** The file's bytes after the byte-order mark. */
    private static InputStream bytes(Path file, FilePrescan.Result scan) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(scan.bomLength());
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }
}
