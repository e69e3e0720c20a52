package id.jamsos.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.eligibility.EligibilityExtract;
import id.jamsos.gateway.ledger.EligibilityLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench eligibility}: an extract of N people of the poverty-targeting register (NIK, decile,
 * Kemendagri village code, household id; generated once per N in --files-dir, not timed) imported into
 * the ledger as {@code eligibility import} does, streamed (on PostgreSQL through COPY), with the swap of
 * the active list; then the intake's lookup of one chunk of 1,000 NIKs. Prints the import's time, rows
 * per second and the heap's peak during it: flat whatever N is, since neither the file nor its rows
 * are held.
 */
final class EligibilityBench {

    static final String SCHEMA = "bench_eligibility";

    private EligibilityBench() {
    }

    /** The extract's i-th NIK: Kota Sorong (96.71), unique, 16 digits. */
    static String nik(long i) {
        return String.format("9671%012d", i);
    }

    static Path extract(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("dtsen-" + n + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Path tmp = dir.resolve("dtsen-" + n + ".csv.tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("NIK;DESIL;KODE_DESA;ID_KELUARGA\n");
            for (long i = 0; i < n; i++) {
                // Four people a household, deciles 1 to 10 in turn, ten villages of Kota Sorong.
                w.write(nik(i) + ";" + (1 + i % 10) + ";96.71.0" + (1 + i % 7) + ".10" + String.format("%02d", i % 10)
                        + ";RT" + (i / 4) + "\n");
            }
        }
        Files.move(tmp, file);
        return file;
    }

    static List<BenchLine> run(String url, String user, String password, int n, Path filesDir) throws Exception {
        List<BenchLine> lines = new ArrayList<>();
        long g0 = System.nanoTime();
        Path file = extract(filesDir, n);
        lines.add(BenchLine.scenario("eligibility_extract").put("rows", n)
                .put("file_mb", Files.size(file) / 1048576.0, 1).put("seconds", (System.nanoTime() - g0) / 1e9, 1));
        try (HikariDataSource ds = LedgerDataSource.create(url, user, password, 4)) {
            if (url.startsWith("jdbc:postgresql:")) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + StatementBench.schemaOf(url));
                }
            }
            LedgerMigrations.migrate(ds);
            EligibilityLedger ledger = new EligibilityLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
            System.gc();
            HeapMeter.reset();
            long t0 = System.nanoTime();
            EligibilityLedger.ListInfo list;
            try (EligibilityExtract extract = EligibilityExtract.open(file)) {
                list = ledger.importList(new EligibilityLedger.ListHeader("bench " + n, "DTSEN", file.getFileName()
                        .toString(), null, extract.villageCodeSystem()), extract, extract::skipped);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double heap = HeapMeter.peakMib();
            double old = HeapMeter.oldPeakMib();
            List<String> chunk = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                chunk.add(nik((long) i * Math.max(1, n / 1000)));
            }
            long l0 = System.nanoTime();
            int found = ledger.standingOf(chunk).size();
            double lookupMs = (System.nanoTime() - l0) / 1e6;
            lines.add(BenchLine.scenario("eligibility").put("rows", list.rows()).put("skipped", list.skipped())
                    .put("ledger", url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2")
                    .put("seconds", seconds, 1).put("rows_per_s", list.rows() / seconds, 0)
                    .put("heap_peak_mb", heap, 1).put("old_peak_mb", old, 1).put("heap_max_mb", HeapMeter.maxMib(), 0)
                    .put("lookup_1000_ms", lookupMs, 1).put("lookup_found", found));
        }
        return lines;
    }
}
