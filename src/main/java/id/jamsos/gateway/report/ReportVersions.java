package id.jamsos.gateway.report;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.ReportArchive;
import id.jamsos.gateway.ledger.ReportLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The versions of a file's reports (ledger.ReportArchive, V29). When a version's reports are written,
 * {@link #keep} archives what they said row by row, without NIK or name; the next version's note lists the
 * rows whose state changed since ({@link #changedRows}); the clerks' portal lists the versions and writes
 * an earlier one out again ({@link #write}), each line's NIK and name read from the ledger's row, which
 * never changes them.
 *
 * <p>The archive is a gzip of CSV records in row order: {@code R,row,STATE,status,kpj,remark,warning,action}
 * for the results and {@code J,row,field,code,alasan,reason,ACTION} for the rejects.
 */
public final class ReportVersions {

    /** What the portal offers of a version. */
    public enum Kind {
        RESULTS("results.csv"), REJECTS("rejects.csv"), WORKBOOK("report.xlsx"), CHANGES("changes.txt");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        /** The last part of the portal's address: {@code results.csv}, ... */
        public String path() {
            return path;
        }

        public static Optional<Kind> ofPath(String path) {
            for (Kind k : values()) {
                if (k.path.equals(path)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private final ReportWriter writer;
    private final Ledger ledger;

    ReportVersions(ReportWriter writer, Ledger ledger) {
        this.writer = writer;
        this.ledger = ledger;
    }

    /** The kept versions of the file, the latest first. */
    public List<ReportArchive.Kept> list(long fileId) {
        return ledger.reports().archive().versions(fileId);
    }

    /** Keeps the round's version unless it is kept already. */
    void keep(ReportWriter.Round round, String note) throws IOException {
        ReportArchive archive = ledger.reports().archive();
        long fileId = round.file().id();
        int version = round.version().version();
        if (!archive.has(fileId, version)) {
            archive.keep(fileId, version, round.version().counts(), note, snapshot(writer.live(fileId)));
        }
    }

    /** The lines, without NIK and name, as the archive keeps them. */
    static byte[] snapshot(ReportWriter.Lines lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            lines.results(line -> print(csv, "R", line.rowNo(), line.state().name(), line.status(), line.kpj(),
                    line.remark(), line.warning(), line.action()));
            lines.rejects(line -> print(csv, "J", line.rowNo(), line.reason().field(), line.reason().code(),
                    line.reason().messageId(), line.reason().messageEn(),
                    line.asked() == null ? "" : line.asked().name()));
        }
        return bytes.toByteArray();
    }

    private static void print(CSVPrinter csv, Object... values) {
        try {
            csv.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows whose state differs from what version {@code before} said: the first
     * {@value ReportWriter#CHANGES_LISTED} as "row, masked NIK: before -> after", and how many in all; null
     * lines when that version was not archived.
     */
    ReportWriter.ChangedRows changedRows(long fileId, int before) {
        Optional<byte[]> kept = ledger.reports().archive().rows(fileId, before);
        if (kept.isEmpty()) {
            return new ReportWriter.ChangedRows(null, 0);
        }
        Map<Integer, RowState> was = new HashMap<>();
        forEachRecord(kept.get(), "R", r -> was.put(Integer.parseInt(r.get(1)), RowState.valueOf(r.get(2))));
        List<String> lines = new ArrayList<>();
        int[] total = {0};
        ledger.forEachRow(fileId, row -> {
            RowState then = was.get(row.rowNo());
            if (then != null && then != row.state()) {
                total[0]++;
                if (lines.size() < ReportWriter.CHANGES_LISTED) {
                    lines.add("baris/row " + row.rowNo() + ", NIK " + NikMask.mask(row.nik()) + ": "
                            + RowStatusText.of(then) + " -> " + RowStatusText.of(row.state()));
                }
            }
        });
        return new ReportWriter.ChangedRows(lines, total[0]);
    }

    /** The part of a version's note that lists the changed rows. */
    static String changedRowsText(ReportWriter.ChangedRows changed) {
        if (changed == null) {
            return "";
        }
        if (changed.lines() == null) {
            return "Daftar baris yang berubah tidak tersedia: versi sebelumnya dibuat sebelum arsip laporan ada.\r\n"
                    + "The list of changed rows is not available: the earlier version predates the report archive.\r\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Baris yang berubah status / Rows whose state changed: ").append(changed.total()).append("\r\n");
        for (String line : changed.lines()) {
            sb.append(line).append("\r\n");
        }
        int more = changed.total() - changed.lines().size();
        if (more > 0) {
            sb.append("... dan ").append(more).append(" baris lagi (lihat laporan hasil) / and ").append(more)
                    .append(" more rows (see the results report)\r\n");
        }
        return sb.toString();
    }

    /** A version's counts as a clerk reads them: {@code TERDAFTAR/ENROLLED 5, DITAHAN/PARKED 3}. */
    public static String countsText(String encoded) {
        return ReportCounts.words(encoded);
    }

    /** The kept note of a version after the first; empty for version 1 or one not kept. */
    public Optional<String> note(long fileId, int version) {
        return list(fileId).stream().filter(k -> k.version() == version).findFirst()
                .map(ReportArchive.Kept::note);
    }

    /**
     * An archived version's report of {@code kind} (not {@link Kind#CHANGES}) written out again as a
     * temporary file, in the agency's present separator and encoding, named as the outbox has it
     * ({@code headers}); empty when the version was not kept. The caller deletes the file.
     */
    public Optional<File> write(long fileId, int version, Kind kind, Map<String, Object> headers,
                                Map<String, Object> properties) throws IOException {
        Optional<ReportArchive.Kept> kept = list(fileId).stream().filter(k -> k.version() == version).findFirst();
        Optional<byte[]> rows = kept.isEmpty() ? Optional.empty() : ledger.reports().archive().rows(fileId, version);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FileInfo file = writer.file(fileId);
        String base = writer.reportBase(file);
        ReportWriter.Lines lines = archived(fileId, rows.get());
        var settings = writer.settings(file);
        Path tmp;
        String name;
        switch (kind) {
            case RESULTS -> {
                tmp = writer.tempFile(properties, fileId, "results-v" + version, ".csv");
                ReportWriter.writeResultsCsv(lines, settings, tmp);
                name = ReportNames.results(base, version);
            }
            case REJECTS -> {
                tmp = writer.tempFile(properties, fileId, "rejects-v" + version, ".csv");
                ReportWriter.writeRejectsCsv(lines, ledger.reports().fileWarnings(fileId), settings, tmp);
                name = ReportNames.rejects(base, version);
            }
            case WORKBOOK -> {
                tmp = writer.tempFile(properties, fileId, "report-v" + version, ".xlsx");
                ReportWriter.Round round = new ReportWriter.Round(file, base,
                        new ReportLedger.Version(version, kept.get().counts(), null), settings, null);
                ReportWriter.writeWorkbook(lines, writer.notes(round, kept.get().note()), tmp);
                name = ReportNames.workbook(base, version);
            }
            default -> throw new IllegalArgumentException("not a report written out: " + kind);
        }
        ReportWriter.addressed(headers, file, name);
        return Optional.of(tmp.toFile());
    }

    /** The name of a version's changes note. */
    public String noteName(long fileId, int version) {
        return ReportNames.changes(writer.reportBase(writer.file(fileId)), version);
    }

    /** An archived version's lines, each beside the NIK and name of the ledger's row of the same number. */
    ReportWriter.Lines archived(long fileId, byte[] gz) {
        return new ReportWriter.Lines() {
            @Override
            public void results(Consumer<ReportWriter.ResultLine> action) {
                merge(gz, "R", (row, r) -> action.accept(new ReportWriter.ResultLine(row.rowNo(), row.nik(),
                        row.name(), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), RowState.valueOf(r.get(2)))));
            }

            @Override
            public void rejects(Consumer<ReportWriter.RejectLine> action) {
                merge(gz, "J", (row, r) -> action.accept(new ReportWriter.RejectLine(row.rowNo(), row.nik(),
                        row.name(), new RowRejection(r.get(2), r.get(3), r.get(4), r.get(5)),
                        r.get(6).isEmpty() ? null : ChangeAction.valueOf(r.get(6).toUpperCase(Locale.ROOT)))));
            }

            /** Both in row order: the archive's records of a kind walk beside the ledger's rows. */
            private void merge(byte[] bytes, String type,
                               java.util.function.BiConsumer<id.jamsos.gateway.ledger.LedgerRow, CSVRecord> each) {
                try (Reader in = new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(bytes)),
                        StandardCharsets.UTF_8);
                     CSVParser parser = CSVFormat.DEFAULT.parse(in)) {
                    Iterator<CSVRecord> records = parser.stream().filter(r -> r.get(0).equals(type)).iterator();
                    CSVRecord[] next = {records.hasNext() ? records.next() : null};
                    ledger.forEachRow(fileId, row -> {
                        while (next[0] != null && Integer.parseInt(next[0].get(1)) < row.rowNo()) {
                            next[0] = records.hasNext() ? records.next() : null;
                        }
                        while (next[0] != null && Integer.parseInt(next[0].get(1)) == row.rowNo()) {
                            each.accept(row, next[0]);
                            next[0] = records.hasNext() ? records.next() : null;
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static void forEachRecord(byte[] gz, String type, Consumer<CSVRecord> action) {
        try (Reader in = new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz)), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.parse(in)) {
            for (CSVRecord r : parser) {
                if (r.get(0).equals(type)) {
                    action.accept(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
