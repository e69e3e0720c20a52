package id.jamsos.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.finance.ContributionRules;
import id.jamsos.gateway.finance.ContributionStatement;
import id.jamsos.gateway.finance.InvoiceAnswer;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench statement}: March 2026's contribution statement and invoice comparison over N covered
 * workers on PostgreSQL (docs/performance.md). The ledger is seeded on the server (generate_series,
 * not timed; kept between runs of the same N) in a schema of its own: N workers in 20 agencies, three
 * funding sources, incomes in five steps. Planted: {@value #PLANTED} workers who died in February and
 * are billed anyway (BILLED_AFTER_END), {@value #PLANTED} billed one rupiah more (AMOUNT_DIFFERS),
 * {@value #PLANTED} covered and left off the invoice (ENROLLED_NOT_BILLED), {@value #PLANTED} billed
 * strangers (BILLED_NOT_ENROLLED). Every other worker's NIK is stored as a ciphertext that cannot be
 * decrypted: a statement that decrypted every NIK would fail, so a run that ends proves it did not.
 *
 * <p>The invoice ({@code invoiceMode}): {@code streamed}, its lines made when the comparison reads
 * them (a list computed per index), so the heap measured is the comparison's own; {@code list}, made
 * up front in an ArrayList (held during the run); {@code json}, the endpoint's answer (the envelope
 * with the invoice, written to a temporary file before the run) read as a stream by
 * {@link InvoiceAnswer} inside the measured run into the ledger's copy (invoice_line), which the
 * comparison then reads back in KPJ order, as the monthly route does.
 */
final class StatementBench {

    static final int PLANTED = 5;
    static final YearMonth MONTH = YearMonth.of(2026, 3);
    static final String SCHEMA = "bench_statement";
    private static final int AGENCIES = 20;
    private static final String UNREADABLE = "bench:not-decryptable";

    private StatementBench() {
    }

    static String kpj(long i) {
        return String.format("B%010d", i);
    }

    static long income(long i) {
        return 1_000_000L + (i % 5) * 750_000L;
    }

    static long due(long i) {
        return ContributionRules.jkk(income(i)) + ContributionRules.jkm();
    }

    static Programme programme() {
        List<String> otsus = new ArrayList<>();
        for (int a = 0; a < AGENCIES; a += 4) {
            otsus.add("agency-" + a);
        }
        return new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), List.of(
                new Programme.FundingSource("APBD_KOTA", "APBD Kota", 0, "5.1.02.01.001", List.of()),
                new Programme.FundingSource("OTSUS", "Dana Otsus", 0, "5.1.02.02.007", otsus),
                new Programme.FundingSource("CSR", "CSR", 0, "4.3.01.01", List.of())), "APBD_KOTA");
    }

    /** The run's lines: the seeding (untimed) and the measured statement. */
    static List<BenchLine> run(String url, String user, String password, int n, String invoiceMode)
            throws Exception {
        if (!List.of("streamed", "list", "json").contains(invoiceMode)) {
            throw new IllegalArgumentException("--invoice must be streamed, list or json: " + invoiceMode);
        }
        if (n < 4 * PLANTED + 30) {
            throw new IllegalArgumentException("bench statement needs at least " + (4 * PLANTED + 30) + " workers");
        }
        List<BenchLine> lines = new ArrayList<>();
        try (HikariDataSource ds = LedgerDataSource.create(url, user, password, 4)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schemaOf(url));
            }
            LedgerMigrations.migrate(ds);
            long t0 = System.nanoTime();
            boolean seeded = seed(ds, n);
            lines.add(BenchLine.scenario("statement_seed").put("workers", n).put("reused", seeded ? "no" : "yes")
                    .put("seconds", (System.nanoTime() - t0) / 1e9, 1));

            PersonalDataCipher pii = PersonalDataCipher.forTests();
            FinanceLedger finance = new FinanceLedger(ds, pii);
            StatementBuilder builder = new StatementBuilder(finance, new Ledger(ds, pii),
                    AgencyRegistry.of(List.of()), programme(), (p, r) -> {
                        throw new IllegalStateException("the bench hands the invoice over");
                    }, "9671", 2_000_000L, 0L, ZoneId.of("Asia/Jayapura"), Json.mapper(),
                    Clock.fixed(Instant.parse("2026-04-02T00:00:00Z"), ZoneId.of("UTC")));
            Invoice invoice = invoice(n, invoiceMode.equals("list"));
            // The endpoint's answer, written before the run to a file (streamed out, not held), and read
            // inside it from the file as the route reads the HTTP body: a stream, into the ledger.
            Path answer = null;
            if (invoiceMode.equals("json")) {
                answer = Files.createTempFile("bench-invoice-", ".json");
                answer.toFile().deleteOnExit();
                Json.mapper().writeValue(answer.toFile(), Envelope.ok(invoice));
                invoice = null;
            }
            System.gc();
            HeapMeter.reset();
            long t1 = System.nanoTime();
            double storeSeconds = 0;
            if (answer != null) {
                try (InputStream in = Files.newInputStream(answer)) {
                    invoice = new InvoiceAnswer(Json.mapper(), finance.invoices(), Clock.systemUTC())
                            .read(in, 200, MONTH.toString());
                }
                storeSeconds = (System.nanoTime() - t1) / 1e9;
            }
            ContributionStatement s = builder.buildWithInvoice(MONTH, null, invoice);
            double seconds = (System.nanoTime() - t1) / 1e9;
            double heap = HeapMeter.peakMib();
            double old = HeapMeter.oldPeakMib();
            ContributionStatement.DifferenceCounts d = s.differenceCounts();
            boolean right = d.equals(new ContributionStatement.DifferenceCounts(PLANTED, PLANTED, PLANTED, PLANTED,
                    4 * PLANTED)) && s.totals().workers() == n - PLANTED
                    && s.sources().stream().mapToLong(ContributionStatement.SourceTotals::total).sum() == s.totals().total();
            lines.add(BenchLine.scenario("statement").put("workers", n).put("covered", s.totals().workers())
                    .put("invoice_lines", invoice.peserta() != null ? invoice.peserta().size()
                            : finance.invoices().lineCount(MONTH).orElse(-1))
                    .put("invoice", invoiceMode).put("invoice_json_mb", answer == null ? "-"
                            : String.format(java.util.Locale.ROOT, "%.1f", Files.size(answer) / 1048576.0))
                    .put("invoice_store_s", storeSeconds, 3)
                    .put("sources", s.sources().size()).put("agencies", s.agencies().size())
                    .put("total_rp", s.totals().total()).put("differences", d.total())
                    .put("listed", s.differences().size()).put("checks", right ? "ok" : "WRONG")
                    .put("seconds", seconds, 3).put("workers_per_s", s.totals().workers() / seconds, 0)
                    .put("heap_peak_mb", heap, 1).put("old_peak_mb", old, 1).put("heap_max_mb", HeapMeter.maxMib(), 0));
            if (!right) {
                throw new IllegalStateException("statement figures are wrong: " + s.summary());
            }
        }
        return lines;
    }

    /** The URL's currentSchema (the bench's own by default), made when missing. */
    static String schemaOf(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)").matcher(url);
        if (!m.find()) {
            throw new IllegalArgumentException("bench statement needs a ledger URL with ?currentSchema=: " + url);
        }
        return m.group(1);
    }

    /**
     * N workers enrolled in January 2026, each with an open period, unless the schema already holds
     * exactly this seed. Workers 10..14 died in February; 20..24 are billed one rupiah more; the last
     * five are not on the invoice. Returns false when the seed was reused.
     */
    private static boolean seed(HikariDataSource ds, int n) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(kpj) FROM worker")) {
                rs.next();
                if (rs.getLong(1) == n && kpj(n - 1).equals(rs.getString(2))) {
                    return false;
                }
            }
            c.setAutoCommit(false);
            s.execute("TRUNCATE coverage_period, worker, file_row, agency_file CASCADE");
            s.execute("INSERT INTO agency_file (id, agency_id, file_name, checksum, received_at, state)"
                    + " VALUES (1, 'agency-0', 'bench.csv', 'bench', TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00',"
                    + " 'DONE')");
            s.execute("INSERT INTO worker (nik_hash, nik_enc, kpj, name, agency_id, district, file_id, row_no,"
                    + " enrolled_at, monthly_income) SELECT 'h' || i, '" + UNREADABLE + "', 'B' || lpad(i::text, 10, '0'),"
                    + " 'Pekerja ' || i, 'agency-' || (i % " + AGENCIES + "), 'Sorong', 1, i + 2,"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00', 1000000 + (i % 5) * 750000"
                    + " FROM generate_series(0, " + (n - 1) + ") AS i");
            s.execute("INSERT INTO coverage_period (nik_hash, kpj, agency_id, funding_source, first_month, opened_at,"
                    + " opened_by, open_nik_hash) SELECT 'h' || i, 'B' || lpad(i::text, 10, '0'),"
                    + " 'agency-' || (i % " + AGENCIES + "), CASE WHEN i % 97 = 0 THEN 'CSR' END, '2026-01',"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00', 'bench', 'h' || i"
                    + " FROM generate_series(0, " + (n - 1) + ") AS i");
            s.execute("UPDATE coverage_period SET last_month = '2026-02', end_reason = 'DIED', open_nik_hash = NULL,"
                    + " ended_at = TIMESTAMP WITH TIME ZONE '2026-03-02 00:00:00+00', ended_by = 'bench'"
                    + " WHERE kpj BETWEEN '" + kpj(10) + "' AND '" + kpj(10 + PLANTED - 1) + "'");
            // The workers a statement lists get a NIK it can decrypt; nobody else does.
            PersonalDataCipher pii = PersonalDataCipher.forTests();
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker SET nik_enc = ? WHERE kpj = ?")) {
                List<Long> listed = new ArrayList<>();
                for (int k = 0; k < PLANTED; k++) {
                    listed.add(20L + k);
                    listed.add((long) n - 1 - k);
                }
                for (long i : listed) {
                    ps.setString(1, pii.encrypt(String.format("9271%012d", i), CipherContext.rowNik(1, (int) i + 2)));
                    ps.setString(2, kpj(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            s.execute("ANALYZE worker");
            s.execute("ANALYZE coverage_period");
            return true;
        }
    }

    /** The invoice: every worker but the last five, in KPJ order, then five strangers. */
    static Invoice invoice(int n, boolean inMemory) {
        int billed = n - PLANTED;
        List<Invoice.Line> lines = new AbstractList<>() {
            @Override
            public Invoice.Line get(int index) {
                if (index >= billed) {
                    return new Invoice.Line("Z" + String.format("%010d", index), "9271990000000001", "Orang Lain",
                            10_000L, 6_800L, 16_800L);
                }
                long i = index;
                long jkk = ContributionRules.jkk(income(i)) + (i >= 20 && i < 20 + PLANTED ? 1 : 0);
                return new Invoice.Line(kpj(i), String.format("9271%012d", i), "Pekerja " + i, jkk,
                        ContributionRules.jkm(), jkk + ContributionRules.jkm());
            }

            @Override
            public int size() {
                return billed + PLANTED;
            }
        };
        if (inMemory) {
            lines = new ArrayList<>(lines);
        }
        long jkk = 0;
        long jkm = 0;
        for (Invoice.Line l : lines) {
            jkk += l.iuranJkk();
            jkm += l.iuranJkm();
        }
        return new Invoice(MONTH.toString(), "9671", lines.size(), jkk, jkm, jkk + jkm, lines);
    }
}
