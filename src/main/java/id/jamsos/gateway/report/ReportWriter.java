package id.jamsos.gateway.report;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ReplayChecks;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.support.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a decided file's two reports for the agency, streaming from the ledger into temporary
 * files so that report size never depends on memory: {@code <file>.results.csv} with every row's
 * status and KPJ number, and {@code <file>.rejects.csv} with one line per reason a row was refused.
 */
public final class ReportWriter {

    public static final String OUTBOX = "outbox";
    public static final String FAILED = "failed";

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();

    private final Ledger ledger;
    private final Path workDir;
    private final Function<String, String> outboxOf;

    public ReportWriter(Ledger ledger, Path workDir) {
        this(ledger, workDir, agencyId -> "outbox");
    }

    /** {@code outboxOf}: where an agency's outbox is, in words for the log (sftp://user@host:port/outbox). */
    public ReportWriter(Ledger ledger, Path workDir, Function<String, String> outboxOf) {
        this.ledger = ledger;
        this.workDir = workDir;
        this.outboxOf = outboxOf;
    }

    /**
     * The results report of the file, as a temporary file for the body; {@code headers} get its name
     * and where it goes ({@link #addressed}). The file is listed in {@code properties} for
     * {@link #finished} to delete.
     */
    public File results(@Header(Headers.REPORTS_DUE) long fileId,
                        @org.apache.camel.Headers Map<String, Object> headers,
                        @ExchangeProperties Map<String, Object> properties) throws IOException {
        FileInfo file = file(fileId);
        Path tmp = tempFile(properties, fileId, "results");
        try (Writer w = bomWriter(tmp);
             CSVPrinter csv = new CSVPrinter(w, FORMAT)) {
            // AKSI last, as in the rejects report: what the row asked for beside what came of it.
            csv.printRecord("baris/row", "nik", "nama/name", "status", "kpj", "keterangan/remark", "aksi/action");
            // Few rows of a file are re-enrollments: read once, before the rows stream.
            Map<Integer, java.time.YearMonth> reenrolled = ledger.reenrolments(fileId);
            ledger.forEachRow(fileId, row -> {
                try {
                    java.time.YearMonth back = row.state() == RowState.ENROLLED ? reenrolled.get(row.rowNo()) : null;
                    csv.printRecord(row.rowNo(), CsvCells.neutralize(row.nik()), CsvCells.neutralize(row.name()),
                            // Refused at a replay by the gateway, not by BPJS: the clerk reads it as rejected.
                            notReplayed(row).isPresent() ? RowStatusText.of(RowState.REJECTED)
                                    : RowStatusText.of(row.state()), CsvCells.neutralize(row.kpj()),
                            CsvCells.neutralize(back != null ? ReportTexts.reenrolled(back) : remark(row)),
                            RowStatusText.of(asked(row)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        addressed(headers, file, reportBase(file) + ".results.csv");
        return tmp.toFile();
    }

    /** The rejects report of the file, one line per reason a row was refused; as {@link #results}. */
    public File rejects(@Header(Headers.REPORTS_DUE) long fileId,
                        @org.apache.camel.Headers Map<String, Object> headers,
                        @ExchangeProperties Map<String, Object> properties) throws IOException {
        FileInfo file = file(fileId);
        Path tmp = tempFile(properties, fileId, "rejects");
        try (Writer w = bomWriter(tmp);
             RejectsCsvWriter csv = new RejectsCsvWriter(w)) {
            ledger.forEachRow(fileId, row -> {
                try {
                    for (RowRejection r : reasons(row)) {
                        csv.write(row.rowNo(), row.nik(), row.name(), r, asked(row));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        addressed(headers, file, reportBase(file) + ".rejects.csv");
        return tmp.toFile();
    }

    /** After both uploads: the file is done and the temporary copies go. */
    public void finished(@Header(Headers.REPORTS_DUE) long fileId,
                         @ExchangeProperty(Headers.REPORT_TEMP_FILES) List<Path> temps) throws IOException {
        ledger.markReported(fileId);
        logDone(fileId);
        if (temps != null) {
            for (Path p : temps) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The two lines an operator looks for when an agency asks "where is my report": the file is done
     * (its rows by state) and where its reports went. File names, never row contents: no NIK.
     */
    private void logDone(long fileId) {
        FileInfo file = file(fileId);
        Map<RowState, Integer> counts = ledger.rowCounts(fileId);
        StringBuilder states = new StringBuilder();
        for (RowState state : RowState.values()) {
            int n = counts.getOrDefault(state, 0);
            if (n > 0) {
                states.append(states.length() == 0 ? "" : ", ").append(state.name().toLowerCase(Locale.ROOT))
                        .append(' ').append(n);
            }
        }
        LOG.info("file #{} {} of agency {} done: {} rows ({})", fileId, file.fileName(), file.agencyId(),
                file.totalRows(), states.length() == 0 ? "no rows" : states);
        String base = reportBase(file);
        LOG.info("reports of file #{} written for agency {} to {}: {}.results.csv, {}.rejects.csv", fileId,
                file.agencyId(), outboxOf.apply(file.agencyId()), base, base);
    }

    /** Every reason a row did not end enrolled, as rejects-report lines. */
    static List<RowRejection> reasons(LedgerRow row) {
        return switch (row.state()) {
            case REJECTED -> row.reasons();
            case REFUSED -> notReplayed(row).orElseGet(() -> List.of(new RowRejection("BPJS", "BPJS_REFUSED",
                    "Ditolak oleh BPJS Ketenagakerjaan: " + row.lastError(),
                    "Refused by BPJS Ketenagakerjaan: " + row.lastError())));
            // The delivery error (an exception's message, an HTTP status) is for the operators: it is
            // in the ledger and in the log line that parked the job, under the file and row numbers.
            case PARKED -> List.of(new RowRejection("-", "PARKED",
                    ReportTexts.PARKED_ID + " (berkas #" + row.fileId() + ", baris " + row.rowNo() + ")",
                    ReportTexts.PARKED_EN + " (file #" + row.fileId() + ", row " + row.rowNo() + ")"));
            case WAITLISTED -> List.of(new RowRejection("-", "WAITLISTED", ReportTexts.WAITLISTED_ID,
                    ReportTexts.WAITLISTED_EN));
            default -> List.of();
        };
    }

    /**
     * A change row the gateway refused at an operator's replay (changes.ReplayChecks), not BPJS: its
     * reason in the rejects report's two columns, as the gateway wrote them.
     */
    private static java.util.Optional<List<RowRejection>> notReplayed(LedgerRow row) {
        String text = row.lastError();
        String en = " / " + ReplayChecks.NOT_REPLAYED_EN;
        if (row.state() != RowState.REFUSED || text == null || !text.startsWith(ReplayChecks.NOT_REPLAYED_ID)
                || !text.contains(en)) {
            return java.util.Optional.empty();
        }
        int cut = text.indexOf(en);
        return java.util.Optional.of(List.of(new RowRejection("-", "NOT_REPLAYED", text.substring(0, cut),
                text.substring(cut + 3))));
    }

    /**
     * What the row asked for; null (an empty cell) when its AKSI was no action at all, which the ledger
     * keeps as it keeps DAFTAR (file_row.action NULL): the row's ACTION_UNKNOWN reason tells them apart.
     */
    private static ChangeAction asked(LedgerRow row) {
        return row.state() == RowState.REJECTED && row.reasons().stream().anyMatch(r -> "ACTION_UNKNOWN".equals(r.code()))
                ? null : row.action();
    }

    private static String remark(LedgerRow row) {
        if (row.state() == RowState.REJECTED && !row.reasons().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (RowRejection r : row.reasons()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(r.field()).append(": ").append(r.messageId());
            }
            return sb.toString();
        }
        if (row.state() == RowState.PARKED) {
            return ReportTexts.PARKED_ID + " / " + ReportTexts.PARKED_EN;
        }
        if (row.state() == RowState.WAITLISTED) {
            return ReportTexts.WAITLISTED_ID + " / " + ReportTexts.WAITLISTED_EN;
        }
        return row.lastError() == null ? "" : row.lastError();
    }

    /** UTF-8 with a BOM: without it Excel on Indonesian-locale PCs reads the report as Windows-1252. */
    private static Writer bomWriter(Path file) throws IOException {
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        return w;
    }

    private FileInfo file(long fileId) {
        return ledger.file(fileId).orElseThrow(() -> new IllegalStateException("no file " + fileId + " in the ledger"));
    }

    private Path tempFile(Map<String, Object> properties, long fileId, String kind) throws IOException {
        // The temp file itself is rw------- (createTempFile's default on POSIX); the folder as well.
        PrivateFiles.createDirectories(workDir);
        Path tmp = Files.createTempFile(workDir, "file-" + fileId + "-" + kind + "-", ".csv");
        @SuppressWarnings("unchecked")
        List<Path> temps = (List<Path>) properties.computeIfAbsent(Headers.REPORT_TEMP_FILES,
                k -> new ArrayList<Path>());
        temps.add(tmp);
        return tmp;
    }

    /**
     * After the reports: the note for a file that came under the name of an earlier one, addressed in
     * {@code headers} as the reports are; null (an empty body) when it is the first of its name.
     */
    public String reuploadNote(@Header(Headers.REPORTS_DUE) long fileId,
                               @org.apache.camel.Headers Map<String, Object> headers) {
        FileInfo file = file(fileId);
        Optional<FileInfo> earlier = ledger.earlierFileNamed(file.agencyId(), file.fileName(), file.id());
        if (earlier.isEmpty()) {
            return null;
        }
        String base = ReuploadNames.of(file.fileName(), file.id());
        addressed(headers, file, base + ".reupload.txt");
        return ReportTexts.reupload(file, earlier.get(), base);
    }

    /** A re-upload's reports go under a name of their own: the earlier file's reports stay as they were. */
    private String reportBase(FileInfo file) {
        return ledger.earlierFileNamed(file.agencyId(), file.fileName(), file.id()).isPresent()
                ? ReuploadNames.of(file.fileName(), file.id()) : file.fileName();
    }

    /** The headers the agency's writer route needs: the name, the outbox, and which agency's route. */
    private static void addressed(Map<String, Object> headers, FileInfo file, String name) {
        headers.put(Exchange.FILE_NAME, name);
        headers.put(Headers.TARGET, OUTBOX);
        headers.put(Headers.AGENCY_ID, file.agencyId());
    }
}
