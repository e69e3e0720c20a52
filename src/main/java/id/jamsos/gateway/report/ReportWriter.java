package id.jamsos.gateway.report;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ReplayChecks;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.ReportLedger;
import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.support.PrivateFiles;
import java.io.BufferedWriter;
import java.io.File;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * Writes a decided file's reports for the agency, streaming from the ledger into temporary files so
 * that report size never depends on memory. In the formats the agency asked for (agencies.yaml
 * {@code report_formats}, config.ReportSettings): {@code <file>.results.csv} with every row's status,
 * KPJ number, remark and warning, and {@code <file>.rejects.csv} with one line per reason a row was
 * refused and the file's warnings; and/or {@code <file>.report.xlsx}, the same as two sheets beside a
 * sheet of notes, NIK and KPJ as text cells. Names come from {@link ReportNames}.
 *
 * <p>Reports written again after a replay or a correction changed what they say are the next version
 * (ledger.ReportLedger#version), under names of their own beside a note of what changed: the agency
 * keeps every earlier version.
 */
public final class ReportWriter {

    public static final String OUTBOX = "outbox";
    public static final String FAILED = "failed";

    static final String[] RESULTS_HEADER = {"baris/row", "nik", "nama/name", "status", "kpj", "keterangan/remark",
            "peringatan/warning", "aksi/action"};

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    private final Ledger ledger;
    private final Path workDir;
    private final Function<String, String> outboxOf;
    private final Function<String, ReportSettings> settingsOf;

    public ReportWriter(Ledger ledger, Path workDir) {
        this(ledger, workDir, agencyId -> "outbox");
    }

    /** {@code outboxOf}: where an agency's outbox is, in words for the log (sftp://user@host:port/outbox). */
    public ReportWriter(Ledger ledger, Path workDir, Function<String, String> outboxOf) {
        this(ledger, workDir, outboxOf, agencyId -> ReportSettings.DEFAULT);
    }

    /** {@code settingsOf}: the agency's report settings (agencies.yaml), looked up at each round. */
    public ReportWriter(Ledger ledger, Path workDir, Function<String, String> outboxOf,
                        Function<String, ReportSettings> settingsOf) {
        this.ledger = ledger;
        this.workDir = workDir;
        this.outboxOf = outboxOf;
        this.settingsOf = settingsOf;
    }

    /**
     * One round of a file's reports: what the first report of the round works out (the name base, the
     * version, the agency's settings) and the others of the round reuse.
     */
    record Round(FileInfo file, String base, ReportLedger.Version version, ReportSettings settings,
                 ChangedRows changed) {
    }

    /** One line of the results report, as the clerk reads it; NIK and KPJ as the ledger holds them. */
    record ResultLine(int rowNo, String nik, String name, String status, String kpj, String remark, String warning,
                      String action, RowState state) {
    }

    /** One line of the rejects report: one reason a row did not end enrolled. */
    record RejectLine(int rowNo, String nik, String name, RowRejection reason, ChangeAction asked) {
    }

    /**
     * The lines of one version of a file's reports: the ledger's rows as they are now ({@link #live}), or
     * an earlier version as the archive kept it beside each row's NIK and name ({@link ReportVersions}).
     */
    interface Lines {
        void results(java.util.function.Consumer<ResultLine> action);

        void rejects(java.util.function.Consumer<RejectLine> action);
    }

    /**
     * The rows whose state changed since the version before, for its note: the first {@value #CHANGES_LISTED}
     * as "row, masked NIK: before -> after", and how many there are; null lines when the version before was
     * not archived (written before V29).
     */
    record ChangedRows(List<String> lines, int total) {
    }

    static final int CHANGES_LISTED = 200;

    /**
     * The results report of the file as CSV, as a temporary file for the body; {@code headers} get its
     * name and where it goes ({@link #addressed}). Null (nothing to upload) when the agency takes no
     * CSV. The file is listed in {@code properties} for {@link #finished} to delete.
     */
    public File results(@Header(Headers.REPORTS_DUE) long fileId,
                        @org.apache.camel.Headers Map<String, Object> headers,
                        @ExchangeProperties Map<String, Object> properties) throws IOException {
        return round(fileId, properties).settings().csv() ? resultsCsv(fileId, headers, properties) : null;
    }

    /**
     * The results report as CSV whatever formats the agency takes (in its separator and encoding): for
     * the clerks' portal, which offers the CSV to download.
     */
    public File resultsCsv(long fileId, Map<String, Object> headers, Map<String, Object> properties)
            throws IOException {
        Round round = round(fileId, properties);
        Path tmp = tempFile(properties, fileId, "results", ".csv");
        writeResultsCsv(live(fileId), round.settings(), tmp);
        addressed(headers, round.file(), ReportNames.results(round.base(), round.version().version()));
        return tmp.toFile();
    }

    static void writeResultsCsv(Lines lines, ReportSettings settings, Path tmp) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(settings.separator())
                .setRecordSeparator("\r\n").get();
        try (Writer w = csvWriter(tmp, settings);
             CSVPrinter csv = new CSVPrinter(w, format)) {
            // AKSI last, as in the rejects report: what the row asked for beside what came of it.
            csv.printRecord((Object[]) RESULTS_HEADER);
            lines.results(line -> {
                try {
                    csv.printRecord(line.rowNo(), CsvCells.digitsAsText(line.nik()), CsvCells.neutralize(line.name()),
                            line.status(), CsvCells.digitsAsText(line.kpj()), CsvCells.neutralize(line.remark()),
                            CsvCells.neutralize(line.warning()), line.action());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The rejects report of the file as CSV, one line per reason a row was refused; as {@link #results}. */
    public File rejects(@Header(Headers.REPORTS_DUE) long fileId,
                        @org.apache.camel.Headers Map<String, Object> headers,
                        @ExchangeProperties Map<String, Object> properties) throws IOException {
        return round(fileId, properties).settings().csv() ? rejectsCsv(fileId, headers, properties) : null;
    }

    /** The rejects report as CSV whatever formats the agency takes; as {@link #resultsCsv}. */
    public File rejectsCsv(long fileId, Map<String, Object> headers, Map<String, Object> properties)
            throws IOException {
        Round round = round(fileId, properties);
        Path tmp = tempFile(properties, fileId, "rejects", ".csv");
        writeRejectsCsv(live(fileId), ledger.reports().fileWarnings(fileId), round.settings(), tmp);
        addressed(headers, round.file(), ReportNames.rejects(round.base(), round.version().version()));
        return tmp.toFile();
    }

    static void writeRejectsCsv(Lines lines, List<String> fileWarnings, ReportSettings settings, Path tmp)
            throws IOException {
        try (Writer w = csvWriter(tmp, settings);
             RejectsCsvWriter csv = new RejectsCsvWriter(w, settings.separator())) {
            lines.rejects(line -> {
                try {
                    csv.write(line.rowNo(), line.nik(), line.name(), line.reason(), line.asked());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (String warning : fileWarnings) {
                csv.writeFileWarning(warning);
            }
        }
    }

    /**
     * The workbook ({@code <file>.report.xlsx}): sheets of results, rejects and notes, streamed with
     * POI's SXSSF (a window of rows in memory, the rest on disk) so that memory stays flat whatever the
     * file's size. Null when the agency takes no XLSX; otherwise as {@link #results}.
     */
    public File workbook(@Header(Headers.REPORTS_DUE) long fileId,
                         @org.apache.camel.Headers Map<String, Object> headers,
                         @ExchangeProperties Map<String, Object> properties) throws IOException {
        Round round = round(fileId, properties);
        return round.settings().xlsx() ? workbookXlsx(fileId, headers, properties) : null;
    }

    /**
     * The workbook whatever formats the agency takes: for the clerks' portal, which builds it from the
     * ledger on request. As {@link #workbook}: streamed (SXSSF) into a temporary file.
     */
    public File workbookXlsx(long fileId, Map<String, Object> headers, Map<String, Object> properties)
            throws IOException {
        Round round = round(fileId, properties);
        Path tmp = tempFile(properties, fileId, "report", ".xlsx");
        writeWorkbook(live(fileId), notes(round, changesText(round)), tmp);
        addressed(headers, round.file(), ReportNames.workbook(round.base(), round.version().version()));
        return tmp.toFile();
    }

    static void writeWorkbook(Lines lines, List<String> notes, Path tmp) throws IOException {
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.sheet("hasil-results", RESULTS_HEADER, new int[] {8, 20, 30, 22, 16, 60, 40, 16});
            lines.results(line -> xlsx.row(line.rowNo(), line.nik(), line.name(), line.status(), line.kpj(),
                    line.remark(), line.warning(), line.action()));
            xlsx.sheet("ditolak-rejects", RejectsCsvWriter.HEADER, new int[] {8, 20, 30, 14, 22, 50, 50, 16});
            lines.rejects(line -> xlsx.row(line.rowNo(), line.nik(), line.name(), line.reason().field(),
                    line.reason().code(), line.reason().messageId(), line.reason().messageEn(),
                    RowStatusText.of(line.asked())));
            xlsx.sheet("catatan-notes", new String[] {"catatan/note"}, new int[] {120});
            for (String line : notes) {
                xlsx.row(null, line);
            }
            xlsx.writeTo(tmp);
        }
    }

    /**
     * After the reports of a version after the first: the note of what changed ({@link ReportNames#changes}),
     * addressed as the reports are; null (an empty body) for version 1.
     */
    public String changesNote(@Header(Headers.REPORTS_DUE) long fileId,
                              @org.apache.camel.Headers Map<String, Object> headers,
                              @ExchangeProperties Map<String, Object> properties) {
        Round round = round(fileId, properties);
        int version = round.version().version();
        if (version < 2) {
            return null;
        }
        addressed(headers, round.file(), ReportNames.changes(round.base(), version));
        return changesText(round);
    }

    /** The note of a version after the first: the counts before and after, then the rows that changed. */
    static String changesText(Round round) {
        int version = round.version().version();
        if (version < 2) {
            return null;
        }
        List<String> earlier = new ArrayList<>();
        for (int v = version - 1; v >= 1; v--) {
            earlier.addAll(ReportNames.of(round.base(), v, round.settings()).stream()
                    .filter(n -> !n.endsWith(".txt")).toList());
        }
        return ReportTexts.changes(round.file().fileName(), version,
                ReportCounts.words(round.version().previousCounts()), ReportCounts.words(round.version().counts()),
                String.join(", ", earlier)) + ReportVersions.changedRowsText(round.changed());
    }

    /** The notes sheet: the version's note, then the file's warnings; one line when there is nothing to say. */
    List<String> notes(Round round, String changes) {
        List<String> lines = new ArrayList<>();
        if (changes != null) {
            for (String line : changes.split("\r\n")) {
                lines.add(line);
            }
        }
        for (String warning : ledger.reports().fileWarnings(round.file().id())) {
            lines.add(ReportTexts.warning(warning));
        }
        if (lines.isEmpty()) {
            lines.add("Tidak ada catatan untuk berkas ini / No notes for this file");
        }
        return lines;
    }

    /** The first report of a round works the round out; the others find it in the exchange. */
    private Round round(long fileId, Map<String, Object> properties) {
        Object kept = properties.get(Headers.REPORT_ROUND);
        if (kept instanceof Round r && r.file().id() == fileId) {
            return r;
        }
        FileInfo file = file(fileId);
        ReportLedger.Version version = ledger.reports().version(fileId, ReportCounts.encode(ledger.rowCounts(fileId)));
        // What changed since the version before, worked out once for the note and the workbook's notes sheet.
        ChangedRows changed = version.first() ? null : versions().changedRows(fileId, version.version() - 1);
        Round round = new Round(file, reportBase(file), version, settingsOf.apply(file.agencyId()), changed);
        properties.put(Headers.REPORT_ROUND, round);
        return round;
    }

    /** The agency's report settings now (agencies.yaml). */
    ReportSettings settings(FileInfo file) {
        return settingsOf.apply(file.agencyId());
    }

    /** The agency's report settings now (agencies.yaml): the portal answers a CSV in its encoding. */
    public ReportSettings settingsOf(String agencyId) {
        return settingsOf.apply(agencyId);
    }

    /** The earlier versions of the file's reports (V29), for the portal and for the next version's note. */
    public ReportVersions versions() {
        return new ReportVersions(this, ledger);
    }

    /** The lines of the file's reports from the ledger as it is now. */
    Lines live(long fileId) {
        return new Lines() {
            @Override
            public void results(java.util.function.Consumer<ResultLine> action) {
                forEachResult(fileId, action);
            }

            @Override
            public void rejects(java.util.function.Consumer<RejectLine> action) {
                ledger.forEachRow(fileId, row -> {
                    for (RowRejection r : reasons(row)) {
                        action.accept(new RejectLine(row.rowNo(), row.nik(), row.name(), r, asked(row)));
                    }
                });
            }
        };
    }

    /** The results lines of the file in row order, from the ledger as it streams. */
    private void forEachResult(long fileId, java.util.function.Consumer<ResultLine> action) {
        // Few rows of a file are re-enrollments or have a warning: read once, before the rows stream.
        Map<Integer, java.time.YearMonth> reenrolled = ledger.reenrolments(fileId);
        Map<Integer, String> warnings = ledger.reports().rowWarnings(fileId);
        ledger.forEachRow(fileId, row -> {
            java.time.YearMonth back = row.state() == RowState.ENROLLED ? reenrolled.get(row.rowNo()) : null;
            action.accept(new ResultLine(row.rowNo(), row.nik(), row.name(),
                    // Refused at a replay by the gateway, not by BPJS: the clerk reads it as rejected.
                    notReplayed(row).isPresent() ? RowStatusText.of(RowState.REJECTED) : RowStatusText.of(row.state()),
                    row.kpj(), back != null ? ReportTexts.reenrolled(back) : remark(row),
                    warnings.getOrDefault(row.rowNo(), ""), RowStatusText.of(asked(row)), row.state()));
        });
    }

    /** After the uploads: the file is done and the temporary copies go. */
    public void finished(@Header(Headers.REPORTS_DUE) long fileId,
                         @ExchangeProperty(Headers.REPORT_TEMP_FILES) List<Path> temps,
                         @ExchangeProperty(Headers.REPORT_ROUND) Round round) throws IOException {
        if (round != null && round.file().id() == fileId) {
            // Kept before the file is DONE: the next version's note and the portal's earlier versions read it.
            versions().keep(round, changesText(round));
        }
        ledger.markReported(fileId);
        logDone(fileId, round);
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
    private void logDone(long fileId, Round round) {
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
        List<String> names = round == null
                ? List.of(ReportNames.results(reportBase(file), 1), ReportNames.rejects(reportBase(file), 1))
                : ReportNames.of(round.base(), round.version().version(), round.settings());
        LOG.info("reports of file #{} written for agency {} to {}: {}", fileId, file.agencyId(),
                outboxOf.apply(file.agencyId()), String.join(", ", names));
    }

    /** Every reason a row did not end enrolled, as rejects-report lines. */
    static List<RowRejection> reasons(LedgerRow row) {
        return switch (row.state()) {
            case REJECTED -> row.reasons();
            case REFUSED -> notReplayed(row).orElseGet(() -> List.of(new RowRejection("BPJS", "BPJS_REFUSED",
                    ReportTexts.refusedId(row.lastError(), row.fileId(), row.rowNo()),
                    ReportTexts.refusedEn(row.lastError(), row.fileId(), row.rowNo()))));
            // The delivery error (an exception's message, an HTTP status) is for the operators: it is
            // in the ledger and in the log line that parked the job, under the file and row numbers.
            case PARKED -> List.of(new RowRejection("-", "PARKED",
                    ReportTexts.PARKED_ID + " (berkas #" + row.fileId() + ", baris " + row.rowNo() + ")",
                    ReportTexts.PARKED_EN + " (file #" + row.fileId() + ", row " + row.rowNo() + ")"));
            case WAITLISTED -> List.of(new RowRejection("-", "WAITLISTED", ReportTexts.WAITLISTED_ID,
                    ReportTexts.WAITLISTED_EN));
            case REVIEW -> List.of(new RowRejection("-", "REVIEW", reviewId(row), reviewEn(row)));
            case OTHER_PAYER -> List.of(new RowRejection("-", "OTHER_PAYER", otherPayerId(row), otherPayerEn(row)));
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

    /**
     * A row's remark in the results report, Indonesian / English whatever its state. What is for the
     * operators only (a parked row's delivery error, a technical answer of BPJS) is not in it.
     */
    static String remark(LedgerRow row) {
        return switch (row.state()) {
            case REJECTED -> {
                if (row.reasons().isEmpty()) {
                    yield "Ditolak / Rejected";
                }
                StringBuilder id = new StringBuilder();
                StringBuilder en = new StringBuilder();
                for (RowRejection r : row.reasons()) {
                    id.append(id.length() == 0 ? "" : "; ").append(r.field()).append(": ").append(r.messageId());
                    en.append(en.length() == 0 ? "" : "; ").append(r.field()).append(": ").append(r.messageEn());
                }
                yield id + " / " + en;
            }
            case REFUSED -> {
                List<RowRejection> why = reasons(row);
                yield why.get(0).messageId() + " / " + why.get(0).messageEn();
            }
            case PARKED -> ReportTexts.PARKED_ID + " / " + ReportTexts.PARKED_EN;
            case WAITLISTED -> ReportTexts.WAITLISTED_ID + " / " + ReportTexts.WAITLISTED_EN;
            case REVIEW -> reviewId(row) + " / " + reviewEn(row);
            case OTHER_PAYER -> otherPayerId(row) + " / " + otherPayerEn(row);
            case PENDING -> ReportTexts.PENDING;
            // The ledger's note of an applied change is bilingual already (ChangeLedger.Decided).
            case APPLIED -> bilingual(row.lastError()) ? row.lastError() : ReportTexts.APPLIED;
            // BPJS's "already registered" answer (BatchAnswers) is its own words: the plain remark instead.
            case ENROLLED -> bilingual(row.lastError()) ? row.lastError() : ReportTexts.ENROLLED;
        };
    }

    /**
     * Why a row waits in REVIEW: the check that held it keeps "Indonesian / English" in the row's last
     * error (the registry's or the eligibility list's verdict); otherwise the general remark.
     */
    private static String reviewId(LedgerRow row) {
        String text = row.lastError();
        return text != null && text.contains(" / ") ? text.substring(0, text.indexOf(" / ")) : ReportTexts.REVIEW_ID;
    }

    /**
     * Why a row ended OTHER_PAYER: the enroller keeps "Indonesian / English" naming the payer and the KPJ
     * in the row's last error (enrollment.OtherPayers); otherwise the general remark.
     */
    private static String otherPayerId(LedgerRow row) {
        String text = row.lastError();
        return text != null && text.contains(" / ") ? text.substring(0, text.indexOf(" / ")) : ReportTexts.OTHER_PAYER_ID;
    }

    private static String otherPayerEn(LedgerRow row) {
        String text = row.lastError();
        return text != null && text.contains(" / ") ? text.substring(text.indexOf(" / ") + 3) : ReportTexts.OTHER_PAYER_EN;
    }

    private static String reviewEn(LedgerRow row) {
        String text = row.lastError();
        return text != null && text.contains(" / ") ? text.substring(text.indexOf(" / ") + 3) : ReportTexts.REVIEW_EN;
    }

    private static boolean bilingual(String text) {
        return text != null && text.contains(" / ") && ReportTexts.plainReason(text) != null;
    }

    /**
     * UTF-8 with a BOM (without it Excel on Indonesian-locale PCs reads the report as Windows-1252), or
     * windows-1252 for an agency that asked for it: a letter it cannot hold becomes "?", never an error.
     */
    static Writer csvWriter(Path file, ReportSettings settings) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), settings.encoding()));
        if (settings.bom()) {
            w.write('\uFEFF');
        }
        return w;
    }

    FileInfo file(long fileId) {
        return ledger.file(fileId).orElseThrow(() -> new IllegalStateException("no file " + fileId + " in the ledger"));
    }

    Path tempFile(Map<String, Object> properties, long fileId, String kind, String suffix) throws IOException {
        // The temp file itself is rw------- (createTempFile's default on POSIX); the folder as well.
        PrivateFiles.createDirectories(workDir);
        Path tmp = Files.createTempFile(workDir, "file-" + fileId + "-" + kind + "-", suffix);
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
        addressed(headers, file, ReportNames.reupload(base));
        return ReportTexts.reupload(file, earlier.get(), base);
    }

    /** A re-upload's reports go under a name of their own: the earlier file's reports stay as they were. */
    String reportBase(FileInfo file) {
        return ReportNames.base(file.fileName(), file.id(),
                ledger.earlierFileNamed(file.agencyId(), file.fileName(), file.id()).isPresent());
    }

    /** The headers the agency's writer route needs: the name, the outbox, and which agency's route. */
    static void addressed(Map<String, Object> headers, FileInfo file, String name) {
        headers.put(Exchange.FILE_NAME, name);
        headers.put(Headers.TARGET, OUTBOX);
        headers.put(Headers.AGENCY_ID, file.agencyId());
    }
}
