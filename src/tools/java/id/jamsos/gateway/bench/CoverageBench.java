package id.jamsos.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.coverage.CoverageExports;
import id.jamsos.gateway.coverage.CoverageReport;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.coverage.InpresReport;
import id.jamsos.gateway.coverage.Suppression;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench coverage}: N workers (default 1,000,000) on PostgreSQL with the V35 profile (10
 * districts, 40 villages, 8 trades, both sexes, birth years 1956-2005), a period each (one in 50 ended
 * in the range with a reason, one in 97 paid by another source), a decile for one in three on the live
 * eligibility list and 5,000 paid claims; seeded on the server with generate_series, reused when the
 * schema holds the same seed (not timed). Then the coverage export as an operator asks for it: six
 * months by every dimension built with GROUP BY, written as XLSX, CSV and SVG, plus the semester's
 * Inpres workbook. Prints the time of each part and the heap's peak: flat whatever N is, since the
 * database returns groups, not workers.
 */
final class CoverageBench {

    static final String SCHEMA = "bench_coverage";
    static final YearMonth FROM = YearMonth.of(2026, 1);
    static final YearMonth TO = YearMonth.of(2026, 6);

    private CoverageBench() {
    }

    static List<BenchLine> run(String url, String user, String password, int n, Path outDir) throws Exception {
        List<BenchLine> lines = new ArrayList<>();
        try (HikariDataSource ds = LedgerDataSource.create(url, user, password, 4)) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("bench coverage seeds with generate_series: a PostgreSQL ledger URL");
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + StatementBench.schemaOf(url));
            }
            LedgerMigrations.migrate(ds);
            long t0 = System.nanoTime();
            boolean seeded = seed(ds, n);
            lines.add(BenchLine.scenario("coverage_seed").put("workers", n).put("reused", seeded ? "no" : "yes")
                    .put("seconds", (System.nanoTime() - t0) / 1e9, 1));

            Programme programme = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), List.of(
                    new Programme.FundingSource("APBD_KOTA", "APBD Kota", 200_000_000_000L, "5.1.02.01.001", List.of()),
                    new Programme.FundingSource("CSR", "CSR", 2_000_000_000L, "5.1.02.01.009", List.of())), "APBD_KOTA");
            CoverageReportBuilder builder = new CoverageReportBuilder(ds, programme, 1_000_000L,
                    ZoneId.of("Asia/Jayapura"), Clock.systemUTC());
            Path dir = Files.createDirectories(outDir);
            System.gc();
            HeapMeter.reset();
            long b0 = System.nanoTime();
            CoverageReport r = builder.build(FROM, TO, List.of(Dimension.values()));
            double buildSeconds = (System.nanoTime() - b0) / 1e9;
            long w0 = System.nanoTime();
            Suppression s = new Suppression(Suppression.DEFAULT);
            Path xlsx = CoverageExports.writeXlsx(r, dir, s);
            Path csv = CoverageExports.writeCsv(r, dir, s);
            CoverageExports.writeCharts(r, dir, s);
            double writeSeconds = (System.nanoTime() - w0) / 1e9;
            long i0 = System.nanoTime();
            Path inpres = InpresReport.parse("2026-1").write(builder, "9671", dir);
            double inpresSeconds = (System.nanoTime() - i0) / 1e9;
            double total = (System.nanoTime() - b0) / 1e9;
            lines.add(BenchLine.scenario("coverage").put("workers", n).put("months", r.months().size())
                    .put("dimensions", r.tables().size()).put("ledger", "postgresql")
                    .put("active_last_month", r.totals().get(TO).active())
                    .put("build_s", buildSeconds, 1).put("write_s", writeSeconds, 2).put("inpres_s", inpresSeconds, 1)
                    .put("seconds", total, 1).put("xlsx_kb", Files.size(xlsx) / 1024.0, 0)
                    .put("csv_kb", Files.size(csv) / 1024.0, 0).put("inpres_kb", Files.size(inpres) / 1024.0, 0)
                    .put("heap_peak_mb", HeapMeter.peakMib(), 1).put("old_peak_mb", HeapMeter.oldPeakMib(), 1)
                    .put("heap_max_mb", HeapMeter.maxMib(), 0));
        }
        return lines;
    }

    /** N workers with profiles, periods, deciles and claims, unless the schema holds this seed already. */
    private static boolean seed(HikariDataSource ds, int n) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(kpj) FROM worker")) {
                rs.next();
                if (rs.getLong(1) == n && StatementBench.kpj(n - 1).equals(rs.getString(2))) {
                    return false;
                }
            }
            c.setAutoCommit(false);
            s.execute("TRUNCATE coverage_period, worker, file_row, agency_file, claim, eligibility_entry,"
                    + " eligibility_list CASCADE");
            s.execute("INSERT INTO agency_file (id, agency_id, file_name, checksum, received_at, state)"
                    + " VALUES (1, 'agency-0', 'bench.csv', 'bench', TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00',"
                    + " 'DONE')");
            s.execute("INSERT INTO worker (nik_hash, nik_enc, kpj, name, agency_id, district, file_id, row_no,"
                    + " enrolled_at, monthly_income, kelurahan, occupation, sex, birth_year)"
                    + " SELECT 'h' || i, 'bench:not-decryptable', 'B' || lpad(i::text, 10, '0'), 'Pekerja ' || i,"
                    + " 'agency-' || (i % 20), 'Distrik ' || (i % 10), 1, i + 2,"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00', 1000000 + (i % 5) * 750000,"
                    + " CASE WHEN i % 11 = 0 THEN NULL ELSE 'Kelurahan ' || (i % 40) END,"
                    + " (ARRAY['nelayan','pedagang','tukang ojek','buruh','petani','tukang parkir','montir','penjahit'])[1 + i % 8],"
                    + " CASE WHEN i % 13 = 0 THEN NULL WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,"
                    + " CASE WHEN i % 17 = 0 THEN NULL ELSE 1956 + (i % 50) END"
                    + " FROM generate_series(0, " + (n - 1) + ") AS i");
            // Enrolled month by month over the half-year; one in 50 ended in the range, the reason in turn.
            s.execute("INSERT INTO coverage_period (nik_hash, kpj, agency_id, funding_source, first_month, last_month,"
                    + " end_reason, opened_at, opened_by, open_nik_hash) SELECT 'h' || i, 'B' || lpad(i::text, 10, '0'),"
                    + " 'agency-' || (i % 20), CASE WHEN i % 97 = 0 THEN 'CSR' END, '2026-0' || (1 + i % 6),"
                    + " CASE WHEN i % 50 = 0 THEN '2026-06' END,"
                    + " CASE WHEN i % 50 = 0 THEN (ARRAY['DIED','MOVED','NOT_ELIGIBLE','WITHDRAWN','LAPSED'])[1 + (i / 50) % 5] END,"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00', 'bench',"
                    + " CASE WHEN i % 50 = 0 THEN NULL ELSE 'h' || i END FROM generate_series(0, " + (n - 1) + ") AS i");
            s.execute("INSERT INTO eligibility_list (id, name, source, village_code_system, imported_at, row_count,"
                    + " skipped_rows, state, live) VALUES (1, 'bench', 'DTSEN', 'KEMENDAGRI', CURRENT_TIMESTAMP, 0, 0,"
                    + " 'ACTIVE', 1)");
            s.execute("INSERT INTO eligibility_entry (list_id, nik_hash, decile) SELECT 1, 'h' || i, 1 + (i / 3) % 10"
                    + " FROM generate_series(0, " + (n - 1) + ", 3) AS i");
            s.execute("INSERT INTO claim (claim_id, claim_type, kpj, nik_hash, amount, agency_id, received_at,"
                    + " destination) SELECT 'C' || i, CASE WHEN i % 4 = 0 THEN 'JKM' ELSE 'JKK' END,"
                    + " 'B' || lpad((i * 199 % " + n + ")::text, 10, '0'), 'h' || (i * 199 % " + n + "),"
                    + " CASE WHEN i % 4 = 0 THEN 42000000 ELSE 2500000 END, 'agency-0',"
                    + " TIMESTAMP WITH TIME ZONE '2026-02-01 00:00:00+00' + (i % 140) * INTERVAL '1 day', 'finance'"
                    + " FROM generate_series(0, 4999) AS i");
            c.commit();
            s.execute("ANALYZE worker");
            s.execute("ANALYZE coverage_period");
            s.execute("ANALYZE eligibility_entry");
            s.execute("ANALYZE claim");
            return true;
        }
    }
}
