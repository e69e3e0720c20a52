package id.jamsos.gateway.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.finance.ContributionRules;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The coverage report against the ledger's own counts, on H2 and PostgreSQL: for every month and every
 * dimension, the groups add up to the workers CoverageLedger says were covered, the periods
 * BudgetLedger.coverageCounts says started and ended (by reason), and the money the budget plan's
 * cohort (BudgetLedger.coveredIn) costs. The ledger: two files in two agencies paid from two sources,
 * workers with and without the V35 profile, a death (and its paid claim), a move, a handover, a
 * withdrawal before any month was due, a claim sent to review, and an eligibility list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CoverageReportContract {

    static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    static final long DEFAULT_INCOME = 1_000_000L;
    static final Programme PROGRAMME = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12),
            List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", 2_200_000_000L, "5.1.02.01.001", List.of()),
                    new Programme.FundingSource("OTSUS", "Dana Otsus", 500_000_000L, "5.1.02.01.002", List.of("AG2"))),
            "APBD_KOTA");
    static final YearMonth FROM = YearMonth.of(2026, 1);
    static final YearMonth TO = YearMonth.of(2026, 6);

    enum Kind { H2, POSTGRES }

    private final Kind kind;
    DataSource ds;
    private AutoCloseable database;
    private TestAbortedException unavailable;
    final List<String> niks = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> kpjs = new ArrayList<>();
    CoverageReportBuilder builder;

    CoverageReportContract(Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void seed() throws Exception {
        try {
            if (kind == Kind.POSTGRES) {
                PostgresTestDatabase pg = PostgresTestDatabase.openOrSkip();
                database = pg;
                ds = pg.dataSource();
            } else {
                HikariDataSource h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("coverage-" + UUID.randomUUID()),
                        "sa", "", 2);
                database = h2;
                ds = h2;
            }
        } catch (TestAbortedException e) {
            unavailable = e;
            return;
        }
        LedgerMigrations.migrate(ds);
        if (kind == Kind.POSTGRES) {
            ((PostgresTestDatabase) database).emptyLedgerTables();
        }
        // January (WIT): twelve workers of AG1, the profile of every third one unknown (enrolled before V35).
        WorkerProfile[] profiles = {
            new WorkerProfile("Klasaman", "nelayan", "L", 1990), new WorkerProfile("Klasaman", "pedagang", "P", 1970),
            null, new WorkerProfile("Remu Utara", "nelayan", "P", 2004), new WorkerProfile("Klasaman", "nelayan", "L", 1965),
            null, new WorkerProfile("Remu Utara", "tukang ojek", "L", 1985), new WorkerProfile(null, null, "L", null),
            null, new WorkerProfile("Klasaman", "nelayan", "P", 1999), new WorkerProfile("Remu Utara", "pedagang", "L", 1980),
            null};
        Long[] incomes = {null, 500_000L, 1_500_000L, 20_700_000L, 1_234_550L, null, 2_000_000L, 0L, 1_000_000L,
            3_000_000L, null, 800_000L};
        enrol(Instant.parse("2026-01-09T01:00:00Z"), "AG1", 1, profiles, incomes,
                new String[] {"Sorong", "Sorong Timur", null});
        // March: five workers of AG2 (paid by OTSUS through the agency's source).
        enrol(Instant.parse("2026-03-05T01:00:00Z"), "AG2", 2, new WorkerProfile[] {
            new WorkerProfile("Malawei", "petani", "P", 1975), new WorkerProfile("Malawei", "petani", "L", 1995),
            new WorkerProfile("Malawei", "buruh", "L", 1960), null, new WorkerProfile("Malawei", "petani", "P", 1988)},
                new Long[] {1_000_000L, 1_000_000L, 5_000_000L, null, 1_000_000L}, new String[] {"Sorong Utara"});
        CoverageLedger coverage = new CoverageLedger(ds, Clock.fixed(Instant.parse("2026-06-20T00:00:00Z"),
                ZoneOffset.UTC), WIT);
        coverage.end(kpjs.get(0), YearMonth.of(2026, 2), EndReason.DIED, "claim:JKM-1");
        coverage.end(kpjs.get(1), YearMonth.of(2026, 4), EndReason.MOVED, "command");
        coverage.transfer(kpjs.get(2), "AG2", YearMonth.of(2026, 5), "file:9/row:1").orElseThrow();
        // Withdrawn before March was due: no cover at all, neither started nor ended.
        coverage.end(kpjs.get(16), YearMonth.of(2026, 2), EndReason.WITHDRAWN, "command");
        FinanceLedger finance = new FinanceLedger(ds);
        finance.recordClaim(new ClaimRecord("JKM-1", "JKM", kpjs.get(0), niks.get(0), 42_000_000L, "AG1",
                Instant.parse("2026-03-01T16:00:00Z"), "{}"), new ClaimMessage("JKM-1", "finance", null, "{}",
                Map.of("messageType", "CLAIM_PAID")));
        finance.recordClaim(new ClaimRecord("JKK-2", "JKK", kpjs.get(3), niks.get(3), 3_500_000L, "AG1",
                Instant.parse("2026-05-10T02:00:00Z"), "{}"), new ClaimMessage("JKK-2", "finance", null, "{}",
                Map.of("messageType", "CLAIM_PAID")));
        finance.recordClaim(new ClaimRecord("JKK-3", "JKK", kpjs.get(4), niks.get(4), 9_000_000L, "AG1",
                Instant.parse("2026-05-11T02:00:00Z"), "{}"), new ClaimMessage("JKK-3", "review", "OVER_LIMIT", "{}",
                Map.of("messageType", "CLAIM_REVIEW")));
        // The live eligibility list knows four of the workers.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO eligibility_list (id, name, source, village_code_system, imported_at, row_count,"
                    + " skipped_rows, state, live) VALUES (1, 'DTSEN 2026', 'DTSEN', 'KEMENDAGRI', CURRENT_TIMESTAMP, 4, 0,"
                    + " 'ACTIVE', 1)");
            s.executeUpdate("INSERT INTO eligibility_entry (list_id, nik_hash, decile) SELECT 1, nik_hash,"
                    + " CASE WHEN kpj IN ('" + kpjs.get(3) + "', '" + kpjs.get(4) + "') THEN 1 ELSE 4 END FROM worker"
                    + " WHERE kpj IN ('" + kpjs.get(3) + "', '" + kpjs.get(4) + "', '" + kpjs.get(5) + "', '"
                    + kpjs.get(13) + "')");
        }
        builder = new CoverageReportBuilder(ds, PROGRAMME, DEFAULT_INCOME, WIT,
                Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private void enrol(Instant at, String agency, int serial, WorkerProfile[] profiles, Long[] incomes, String[] districts) {
        Ledger ledger = new Ledger(ds, Clock.fixed(at, ZoneOffset.UTC), PersonalDataCipher.forTests(), WIT);
        long file = ledger.registerFile(agency, "f" + serial + ".csv", String.format("%064d", serial), at).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < profiles.length; i++) {
            String nik = String.format("9271%02d4501%06d", serial, i + 1);
            String name = "Pekerja Rahasia " + serial + "-" + (i + 1);
            String kpj = String.format("K%05d%06d", serial, i + 1);
            niks.add(nik);
            names.add(name);
            kpjs.add(kpj);
            rows.add(new LedgerRow(file, i + 1, nik, name, RowState.PENDING, List.of(), "key-" + file + "-" + (i + 1),
                    null, null, incomes[i], null));
            outcomes.add(new RowOutcome(file, i + 1, RowState.ENROLLED, kpj, null, agency,
                    districts[i % districts.length], profiles[i]));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, rows.size(), 0);
        ledger.recordOutcomes(outcomes);
    }

    @AfterAll
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void databaseThere() {
        if (unavailable != null) {
            throw unavailable;
        }
    }

    @Test
    void everyDimensionAddsUpToTheLedgersOwnCountsAndMoney() {
        CoverageReport r = builder.build(FROM, TO, List.of(Dimension.values()));
        CoverageLedger coverage = new CoverageLedger(ds, Clock.systemUTC(), WIT);
        BudgetLedger budget = new BudgetLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
        for (YearMonth m : r.months()) {
            long covered = coverage.coveredIn(m, null);
            long started = 0;
            Map<EndReason, Long> ended = new EnumMap<>(EndReason.class);
            for (BudgetLedger.MonthCounts c : budget.coverageCounts(m, null)) {
                started += c.started();
                c.ended().forEach((reason, n) -> ended.merge(reason, n, Long::sum));
            }
            long money = 0;
            for (BudgetLedger.CoveredCount c : budget.coveredIn(m)) {
                long income = c.monthlyIncome() == null ? DEFAULT_INCOME : c.monthlyIncome();
                money += c.workers() * (ContributionRules.jkk(income) + ContributionRules.jkm());
            }
            assertThat(r.totals().get(m).active()).as("covered in %s", m).isEqualTo(covered);
            assertThat(r.totals().get(m).spent()).as("spent in %s", m).isEqualTo(money);
            for (CoverageReport.Table t : r.tables()) {
                Figures sum = new Figures();
                t.groups().forEach(g -> sum.add(t.get(m, g)));
                assertThat(sum.active()).as("%s covered in %s", t.dimension(), m).isEqualTo(covered);
                assertThat(sum.started()).as("%s started in %s", t.dimension(), m).isEqualTo(started);
                assertThat(sum.endedByReason()).as("%s ended in %s", t.dimension(), m).isEqualTo(ended);
                assertThat(sum.spent()).as("%s spent in %s", t.dimension(), m).isEqualTo(money);
                assertThat(sum.claims()).as("%s claims in %s", t.dimension(), m).isEqualTo(r.totals().get(m).claims());
            }
        }
        // The ledger as seeded, month by month: 12 in January and February, one died in February, five more
        // in March (one withdrawn before it), one moved after April.
        assertThat(r.months().stream().map(m -> r.totals().get(m).active()).toList())
                .containsExactly(12L, 12L, 15L, 15L, 14L, 14L);
        // The handover's new period starts in May; the withdrawal before March neither started nor ended.
        assertThat(r.totals().get(YearMonth.of(2026, 5)).started()).isEqualTo(1);
        assertThat(r.totals().get(YearMonth.of(2026, 3)).started()).isEqualTo(4);
        assertThat(r.totals().get(YearMonth.of(2026, 4)).ended(EndReason.TRANSFERRED)).isEqualTo(1);
        // Paid claims in the month received in WIT (1 March 01:00 WIT); the claim sent to review is not paid.
        assertThat(r.totals().get(YearMonth.of(2026, 3)).claims()).isEqualTo(1);
        assertThat(r.totals().get(YearMonth.of(2026, 3)).claimsAmount()).isEqualTo(42_000_000L);
        assertThat(r.totals().get(YearMonth.of(2026, 5)).claimsAmount()).isEqualTo(3_500_000L);
        assertThat(r.rangeTotal().claims()).isEqualTo(2);
    }

    @Test
    void groupsAreTheWorkersProfilesWithTheUnknownApart() {
        CoverageReport r = builder.build(FROM, TO, List.of(Dimension.values()));
        YearMonth june = YearMonth.of(2026, 6);
        CoverageReport.Table sex = r.table(Dimension.SEX).orElseThrow();
        assertThat(sex.get(june, "P (perempuan / female)").active()).isEqualTo(3);
        assertThat(sex.get(june, Dimension.UNKNOWN).active()).isEqualTo(5);
        assertThat(sex.groups()).last().isEqualTo(Dimension.UNKNOWN);
        CoverageReport.Table age = r.table(Dimension.AGE_BAND).orElseThrow();
        assertThat(age.groups()).startsWith("<25", "25-34");
        assertThat(age.get(june, "<25").active()).isEqualTo(1);
        assertThat(age.get(june, "55+").active()).isEqualTo(2);
        CoverageReport.Table occupation = r.table(Dimension.OCCUPATION).orElseThrow();
        assertThat(occupation.get(june, "nelayan").active()).isEqualTo(3);
        assertThat(occupation.get(june, "petani").active()).isEqualTo(2);
        CoverageReport.Table decile = r.table(Dimension.DECILE).orElseThrow();
        assertThat(decile.get(june, "desil 01").active()).isEqualTo(2);
        assertThat(decile.get(june, "desil 04").active()).isEqualTo(2);
        assertThat(decile.get(YearMonth.of(2026, 5), "desil 01").claims()).isEqualTo(1);
        // AG2's workers and the worker handed to AG2 in May are paid by OTSUS (the agency's source).
        CoverageReport.Table funding = r.table(Dimension.FUNDING).orElseThrow();
        assertThat(funding.get(june, "OTSUS (Dana Otsus)").active()).isEqualTo(5);
        assertThat(funding.get(YearMonth.of(2026, 4), "OTSUS (Dana Otsus)").active()).isEqualTo(4);
        // The death claim is the APBD worker's, though it was paid after the period ended.
        assertThat(funding.get(YearMonth.of(2026, 3), "APBD_KOTA (APBD Kota)").claims()).isEqualTo(1);
        CoverageReport.Budget b = r.budget();
        assertThat(b.budget()).isEqualTo(2_700_000_000L);
        assertThat(b.sources()).extracting(CoverageReport.SourceBudget::spent).containsExactly(
                b.spent() - b.sources().get(1).spent(), b.sources().get(1).spent());
        assertThat(builder.coveredDuring(FROM, TO, null)).containsEntry("all", 16L);
        assertThat(builder.coveredDuring(FROM, TO, Dimension.DISTRICT).values().stream().mapToLong(Long::longValue)
                .sum()).isEqualTo(16);
    }

    @Test
    void theExportsOpenHoldTheirSheetsAndNoNikOrName(@TempDir Path dir) throws Exception {
        CoverageReport r = builder.build(FROM, TO, List.of(Dimension.values()));
        Path xlsx = CoverageExports.writeXlsx(r, dir, new Suppression(Suppression.DEFAULT));
        Path csv = CoverageExports.writeCsv(r, dir, new Suppression(Suppression.DEFAULT));
        List<Path> charts = CoverageExports.writeCharts(r, dir, new Suppression(Suppression.DEFAULT));
        Path inpres = InpresReport.parse("2026-1").write(builder, "9671", dir);
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            List<String> sheets = new ArrayList<>();
            wb.forEach(s -> sheets.add(s.getSheetName()));
            List<String> expected = new ArrayList<>(List.of("Ringkasan - Summary"));
            for (Dimension d : Dimension.values()) {
                expected.add(d.key());
            }
            assertThat(sheets).containsExactlyElementsOf(expected);
            XSSFSheet summary = wb.getSheetAt(0);
            assertThat(summary.getDrawingPatriarch().getCharts()).hasSize(1);
            assertThat(summary.getRow(5).getCell(1).getNumericCellValue()).isEqualTo(12);
            assertNoPersonalData(wb);
        }
        try (InputStream in = Files.newInputStream(inpres); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sh = wb.getSheet(InpresReport.SHEET);
            assertThat(sh.getRow(InpresReport.SUMMARY_FIRST).getCell(1).getNumericCellValue()).isEqualTo(16);
            assertThat(sh.getRow(InpresReport.SUMMARY_FIRST + 1).getCell(1).getNumericCellValue()).isEqualTo(14);
            // Sorong Utara has AG2's five workers: shown; a district of fewer than three would read "<3".
            assertThat(sh.getRow(InpresReport.DISTRICT_HEADER).getCell(0).getStringCellValue()).startsWith("B.");
            assertNoPersonalData(wb);
            // In a row, covered during, at the end, started and ended bound each other: one hidden, all hidden.
            DataFormatter f = new DataFormatter();
            int rowsRead = 0;
            for (int i = InpresReport.DISTRICT_HEADER + 1; sh.getRow(i) != null
                    && sh.getRow(i).getCell(1) != null; i++, rowsRead++) {
                Row x = sh.getRow(i);
                boolean anyHidden = false;
                boolean nonZeroShown = false;
                for (int c = 1; c <= 4; c++) {
                    String cell = f.formatCellValue(x.getCell(c));
                    anyHidden |= stateOf(cell) != Suppression.SHOWN;
                    nonZeroShown |= stateOf(cell) == Suppression.SHOWN && !cell.equals("0");
                }
                assertThat(anyHidden && nonZeroShown).as("Inpres row %d", i + 1).isFalse();
            }
            assertThat(rowsRead).isPositive();
        }
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(CoverageExports.CSV_COLUMNS);
            List<CSVRecord> lines = parser.getRecords();
            for (CSVRecord line : lines) {
                for (String cell : line) {
                    assertClean(cell);
                }
            }
            // The totals are never suppressed and are the report's.
            assertThat(lines.stream().filter(l -> l.get("dimension").equals("total")).map(l -> l.get("active")))
                    .containsExactly("12", "12", "15", "15", "14", "14");
            // Small groups read "<3": the one worker under 25 in June.
            assertThat(lines.stream().filter(l -> l.get("dimension").equals("kelompok_umur")
                    && l.get("month").equals("2026-06") && l.get("group").equals("<25")).map(l -> l.get("active")))
                    .containsExactly("<3");
            assertNoSmallCellFollowsFromTheTotals(r, lines);
        }
        for (Path chart : charts) {
            String svg = Files.readString(chart);
            assertThat(svg).startsWith("<?xml").contains("<svg").endsWith("</svg>\n");
            assertClean(svg);
        }
    }

    /**
     * As a reader with the CSV and nothing else: for every dimension, month and count column (and every
     * group's ended by reason, under its ended), no "<3" cell has only one value the shown cells and the
     * published total allow; and the money beside a hidden count is hidden with it.
     */
    private void assertNoSmallCellFollowsFromTheTotals(CoverageReport r, List<CSVRecord> lines) {
        List<String> counts = CoverageExports.CSV_COLUMNS.subList(3, CoverageExports.CSV_COLUMNS.size() - 2);
        int hiddenLines = 0;
        int savedLines = 0;
        int tablesRead = 0;
        long savedCells = 0;
        for (CoverageReport.Table t : r.tables()) {
            byte[][][] published = new byte[r.months().size()][t.groups().size()][HiddenCells.COLUMNS];
            long[][][] tableValues = ReaderOfTotals.values(t, r.months());
            byte[][][] tableAllHidden = new byte[tableValues.length][tableValues[0].length][HiddenCells.COLUMNS];
            for (int m = 0; m < tableValues.length; m++) {
                for (int g = 0; g < tableValues[m].length; g++) {
                    for (int c = 0; c < HiddenCells.COLUMNS; c++) {
                        long n = tableValues[m][g][c];
                        tableAllHidden[m][g][c] = n == 0 ? Suppression.SHOWN
                                : n < Suppression.DEFAULT ? Suppression.SMALL : Suppression.SECONDARY;
                    }
                }
            }
            List<String> totalsAlone = ReaderOfTotals.recoverableInTable(tableValues, tableAllHidden, Suppression.DEFAULT, true);
            for (YearMonth m : r.months()) {
                List<String> groups = t.groups();
                Map<String, CSVRecord> byGroup = new java.util.HashMap<>();
                lines.stream().filter(l -> l.get("dimension").equals(t.dimension().key())
                        && l.get("month").equals(m.toString())).forEach(l -> byGroup.put(l.get("group"), l));
                for (int g = 0; g < groups.size(); g++) {
                    CSVRecord line = byGroup.get(id.jamsos.gateway.report.CsvCells.neutralize(groups.get(g)));
                    for (int c = 0; c < HiddenCells.COLUMNS; c++) {
                        published[r.months().indexOf(m)][g][c] = stateOf(line == null ? "0" : line.get(counts.get(c)));
                    }
                }
                for (String column : counts) {
                    long[] values = new long[groups.size()];
                    byte[] state = new byte[groups.size()];
                    for (int g = 0; g < groups.size(); g++) {
                        CSVRecord line = byGroup.get(id.jamsos.gateway.report.CsvCells.neutralize(groups.get(g)));
                        values[g] = HiddenCells.counts(t.get(m, groups.get(g)))[counts.indexOf(column)];
                        state[g] = stateOf(line == null ? "0" : line.get(column));
                        if (state[g] == Suppression.SHOWN) {
                            assertThat(line == null ? 0 : Long.parseLong(line.get(column))).isEqualTo(values[g]);
                        }
                    }
                    if (new String(state, StandardCharsets.ISO_8859_1).chars().anyMatch(b -> b != 0)) {
                        hiddenLines++;
                    }
                    // Had only the small cells been hidden, would the reader have had one back?
                    byte[] smallOnly = new byte[groups.size()];
                    for (int g = 0; g < groups.size(); g++) {
                        smallOnly[g] = values[g] > 0 && values[g] < Suppression.DEFAULT ? Suppression.SMALL
                                : Suppression.SHOWN;
                    }
                    // The limit (docs/coverage-reports.md): when every non-zero cell of the line is hidden,
                    // nothing is left to hide beside them; and when the total tells even then (one "<3" and
                    // one "x" making 4), hiding more tells nothing less.
                    boolean exhausted = true;
                    byte[] allHidden = new byte[groups.size()];
                    for (int g = 0; g < groups.size(); g++) {
                        exhausted &= values[g] == 0 || state[g] != Suppression.SHOWN;
                        allHidden[g] = values[g] == 0 ? Suppression.SHOWN
                                : smallOnly[g] == Suppression.SMALL ? Suppression.SMALL : Suppression.SECONDARY;
                    }
                    // Likewise a small cell the totals alone give away over the whole table (below).
                    boolean allGivenAway = true;
                    for (int g = 0; g < groups.size(); g++) {
                        String key = r.months().indexOf(m) + " " + g + " " + counts.indexOf(column) + " = ";
                        allGivenAway &= smallOnly[g] != Suppression.SMALL
                                || totalsAlone.stream().anyMatch(x -> x.startsWith(key));
                    }
                    if (exhausted || allGivenAway || ReaderOfTotals.recoverable(values, allHidden, Suppression.DEFAULT)) {
                        continue;
                    }
                    if (ReaderOfTotals.recoverable(values, smallOnly, Suppression.DEFAULT)) {
                        savedLines++;
                        assertThat(state).as("%s %s %s", t.dimension().key(), m, column)
                                .contains(Suppression.SECONDARY);
                    }
                    assertThat(ReaderOfTotals.recoverable(values, state, Suppression.DEFAULT))
                            .as("%s %s %s", t.dimension().key(), m, column).isFalse();
                }
                for (CSVRecord line : byGroup.values()) {
                    if (stateOf(line.get("active")) != Suppression.SHOWN) {
                        assertThat(line.get("spent")).isEqualTo(line.get("active"));
                    }
                    if (stateOf(line.get("claims_paid")) != Suppression.SHOWN) {
                        assertThat(line.get("claims_amount")).isEqualTo(line.get("claims_paid"));
                    }
                    // Under a shown ended, the reasons are a line with a published total; under a hidden
                    // one they are still tied to it (reasons - ended = 0): the whole-table reader below.
                    if (stateOf(line.get("ended")) == Suppression.SHOWN) {
                        List<String> reasons = counts.subList(3, counts.size() - 1);
                        long[] values = new long[reasons.size()];
                        byte[] state = new byte[reasons.size()];
                        String group = groups.stream().filter(g -> id.jamsos.gateway.report.CsvCells.neutralize(g)
                                .equals(line.get("group"))).findFirst().orElseThrow();
                        for (int i = 0; i < reasons.size(); i++) {
                            values[i] = t.get(m, group).ended(EndReason.valueOf(reasons.get(i).substring(6)));
                            state[i] = stateOf(line.get(reasons.get(i)));
                        }
                        assertThat(ReaderOfTotals.recoverable(values, state, Suppression.DEFAULT))
                                .as("%s %s %s ended by reason", t.dimension().key(), m, group).isFalse();
                    }
                }
            }
            // The whole table as one system: every month's totals, every group's reasons under its ended,
            // and month to month active(m) = active(m-1) + started(m) - ended(m-1) (the seed's groups do not
            // change; the reader checks each equation holds). What it finds must be what the totals alone
            // give away (the limit: e.g. the only death of a month in a table whose other groups show 0).
            List<String> found = ReaderOfTotals.recoverableInTable(tableValues, published, Suppression.DEFAULT, true);
            assertThat(found).as("%s: small cells the reader works out", t.dimension().key())
                    .isSubsetOf(totalsAlone);
            tablesRead++;
            // Had only the small cells been hidden, what would the reader have had back beyond that?
            byte[][][] smallOnlyTable = new byte[tableValues.length][tableValues[0].length][HiddenCells.COLUMNS];
            for (int m = 0; m < tableValues.length; m++) {
                for (int g = 0; g < tableValues[m].length; g++) {
                    for (int c = 0; c < HiddenCells.COLUMNS; c++) {
                        smallOnlyTable[m][g][c] = tableAllHidden[m][g][c] == Suppression.SMALL ? Suppression.SMALL
                                : Suppression.SHOWN;
                    }
                }
            }
            savedCells += ReaderOfTotals.recoverableInTable(tableValues, smallOnlyTable, Suppression.DEFAULT, true)
                    .stream().filter(x -> !totalsAlone.contains(x)).count();
        }
        assertThat(tablesRead).isEqualTo(Dimension.values().length);
        assertThat(hiddenLines).as("lines with hidden cells").isPositive();
        // The seed has small groups the reader would have had back from the totals, the shown cells and
        // the month before (e.g. the worker under 25), had only the small cells been hidden; none has now.
        // (Its lines with a single small group, e.g. one death in February, the totals alone give away
        // over the whole table: savedLines counts the others, none in this small seed.)
        assertThat(savedLines).isNotNegative();
        assertThat(savedCells).as("small cells that would have been given back").isPositive();
    }

    private static byte stateOf(String cell) {
        return cell.equals("<" + Suppression.DEFAULT) ? Suppression.SMALL
                : cell.equals(Suppression.COMPLEMENT) ? Suppression.SECONDARY : Suppression.SHOWN;
    }

    private void assertNoPersonalData(XSSFWorkbook wb) {
        DataFormatter f = new DataFormatter();
        for (Sheet sheet : wb) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertClean(f.formatCellValue(cell));
                }
            }
        }
    }

    private void assertClean(String text) {
        for (int i = 0; i < niks.size(); i++) {
            assertThat(text).doesNotContain(niks.get(i)).doesNotContain(names.get(i)).doesNotContain(kpjs.get(i))
                    .doesNotContain(niks.get(i).substring(0, 12));
        }
    }
}
