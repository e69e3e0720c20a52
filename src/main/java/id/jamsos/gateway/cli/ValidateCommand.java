package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.report.RejectsCsvWriter;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileValidationSummary;
import id.jamsos.gateway.validation.ValidationSettings;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks an agency file offline, exactly as the gateway would, without a broker, database or
 * network. Exit 0: every row accepted; 1: some rows refused; 2: the file itself refused. A clerk
 * may run it before sending a file, so what it prints is for a person, in Indonesian with the
 * English beside it ({@link ValidationVerdict}); {@code --json} is for scripts.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        synopsisHeading = "Cara pakai / Usage: ",
        descriptionHeading = "%n",
        parameterListHeading = "%nBerkas / File:%n",
        optionListHeading = "%nPilihan / Options:%n",
        footerHeading = "%n",
        description = {
            "Periksa berkas instansi (.csv, .txt, .xlsx atau .ods) tanpa mengirimnya, dengan aturan yang sama"
                    + " seperti gateway, lalu lihat baris mana yang ditolak dan mengapa.",
            "Check an agency file (.csv, .txt, .xlsx or .ods) without sending it, by the gateway's own rules,"
                    + " and see which rows are refused and why."},
        footer = {
            "Kode keluar / Exit codes: 0 semua baris diterima / every row accepted;"
                    + " 1 ada baris ditolak / some rows refused; 2 berkas ditolak / the file refused.",
            "Contoh / Example: validate pekerja.csv --report ditolak.csv"})
public final class ValidateCommand implements Callable<Integer> {

    public static final int ALL_ACCEPTED = 0;
    public static final int SOME_REFUSED = 1;
    public static final int FILE_REFUSED = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "berkas instansi / the agency file (.csv, .txt, .xlsx, .ods)")
    Path file;

    @Option(names = "--report", paramLabel = "OUT.csv",
            description = "tulis baris yang ditolak (dengan NIK lengkap) ke CSV ini"
                    + " / write the refused rows (with the full NIK) to this CSV")
    Path report;

    @Option(names = "--json", description = "cetak satu objek JSON untuk skrip / print one JSON object, for scripts")
    boolean json;

    @Option(names = "--max-file-mib", paramLabel = "MiB",
            description = "tolak berkas lebih besar dari ini / refuse files larger than this"
                    + " (default: the gateway's, 256 MiB)")
    Long maxFileMib;

    @Option(names = "--stats", description = "waktu, baris per detik dan heap puncak ke stderr"
            + " / elapsed time, rows per second and peak heap to stderr")
    boolean stats;

    private final ValidationSettings settings;

    public ValidateCommand() {
        this(ValidationSettings.defaults());
    }

    public ValidateCommand(ValidationSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (maxFileMib != null && maxFileMib <= 0) {
            err.println("--max-file-mib must be positive");
            err.flush();
            return FILE_REFUSED;
        }
        ValidationSettings effective = maxFileMib == null ? settings
                : settings.withLimits(maxFileMib * 1024 * 1024, settings.maxLineChars());
        AgencyFileValidator validator = new AgencyFileValidator(effective);
        long started = System.nanoTime();

        FileValidationSummary summary;
        ValidationVerdict verdict = new ValidationVerdict();
        // The number of rows is known only at the end: a running count, not a bar.
        try (ConsoleProgress progress = ConsoleProgress.start("validate", "rows", 0)) {
            Runnable afterEachRow = () -> progress.advance(1);
            if (report != null) {
                try (RejectsCsvWriter writer = openReport(report)) {
                    summary = validator.summarize(file, fileName, row -> {
                                writeRow(writer, row);
                                tally(verdict, row);
                            },
                            json ? Integer.MAX_VALUE : 0, afterEachRow);
                    if (summary.fileRefused()) {
                        String[] parts = splitMessage(summary.fileError());
                        writer.writeFileRejection(summary.fileErrorCode(), parts[0], parts[1]);
                    }
                    // In the report as well as on the console: read as Windows-1252, unknown columns, title rows.
                    for (String warning : summary.warnings()) {
                        writer.writeFileWarning(warning);
                    }
                }
            } else {
                summary = validator.summarize(file, fileName, row -> tally(verdict, row),
                        json ? Integer.MAX_VALUE : 0, afterEachRow);
            }
        }

        if (stats) {
            printStats(err, summary.rows(), System.nanoTime() - started);
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(summary, verdict)));
        } else if (!summary.fileRefused()) {
            verdict.print(out, summary, report == null ? null : report.toString());
        }
        out.flush();
        if (summary.fileRefused()) {
            err.println("Berkas ditolak / File refused: " + fileName + ": " + summary.fileErrorCode() + ": "
                    + summary.fileError());
            err.flush();
            return FILE_REFUSED;
        }
        return summary.rejected() > 0 ? SOME_REFUSED : ALL_ACCEPTED;
    }

    /**
     * Peak heap is the sum of every heap pool's peak usage since the JVM started (no GC forced, so
     * it is the high-water mark, not what is retained). Pools peak at different moments, so the sum
     * is an upper bound of the real peak; it never exceeds the committed heap.
     */
    static void printStats(PrintWriter err, int rows, long elapsedNanos) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        double seconds = elapsedNanos / 1e9;
        long max = Runtime.getRuntime().maxMemory();
        err.printf(Locale.ROOT, "stats: rows=%d elapsed=%.2fs rowsPerSecond=%.0f peakHeapMiB=%.1f maxHeapMiB=%.0f%n",
                rows, seconds, seconds > 0 ? rows / seconds : 0.0, peak / 1048576.0, max / 1048576.0);
        err.flush();
    }

    private static RejectsCsvWriter openReport(Path path) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8));
        w.write('\uFEFF'); // so Excel reads the report as UTF-8
        return new RejectsCsvWriter(w);
    }

    private static void tally(ValidationVerdict verdict, ValidatedRow row) {
        if (!row.rejections().isEmpty()) {
            verdict.refused(row);
        }
    }

    private static void writeRow(RejectsCsvWriter writer, ValidatedRow row) {
        try {
            for (RowRejection r : row.rejections()) {
                writer.write(row.rowNumber(), row.rawNik(), row.rawName(), r, row.action());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary's "Indonesian / English" text back in its two halves. */
    private static String[] splitMessage(String message) {
        int at = message.indexOf(" / ");
        return at < 0 ? new String[] {message, message}
                : new String[] {message.substring(0, at), message.substring(at + 3)};
    }

    /** Indonesian and English apart, for a script that shows one of them. */
    private static Map<String, String> text(String indonesian, String english) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("id", indonesian);
        t.put("en", english);
        return t;
    }

    private static Map<String, String> text(String bilingual) {
        if (bilingual == null) {
            return null;
        }
        String[] parts = splitMessage(bilingual);
        return text(parts[0], parts[1]);
    }

    private static Map<String, Object> toJson(FileValidationSummary s, ValidationVerdict verdict) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", s.fileName());
        root.put("rows", s.rows());
        root.put("accepted", s.accepted());
        root.put("rejected", s.rejected());
        String[] counts = ValidationVerdict.counts(s);
        root.put("summary", s.fileRefused() ? null : text(counts[0], counts[1]));
        root.put("fileError", s.fileError());
        root.put("fileErrorText", text(s.fileError()));
        root.put("fileErrorCode", s.fileErrorCode());
        List<Map<String, Object>> reasonCounts = new ArrayList<>();
        for (ValidationVerdict.Reason r : verdict.reasons()) {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("code", r.code());
            reason.put("field", r.field());
            reason.put("rows", r.rows());
            reason.put("example", text(r.messageId(), r.messageEn()));
            reasonCounts.add(reason);
        }
        root.put("reasonCounts", reasonCounts);
        List<Map<String, Object>> rejects = new ArrayList<>();
        for (ValidatedRow row : s.rejects()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", row.rowNumber());
            r.put("nik", NikMask.mask(row.rawNik()));
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (RowRejection rej : row.rejections()) {
                Map<String, Object> reason = new LinkedHashMap<>();
                reason.put("field", rej.field());
                reason.put("code", rej.code());
                reason.put("message", rej.messageId() + " / " + rej.messageEn());
                reason.put("text", text(rej.messageId(), rej.messageEn()));
                reasons.add(reason);
            }
            r.put("reasons", reasons);
            rejects.add(r);
        }
        root.put("rejects", rejects);
        root.put("warnings", s.warnings());
        root.put("warningTexts", s.warnings().stream().map(ValidateCommand::text).toList());
        return root;
    }
}
