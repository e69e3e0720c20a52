package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.FundingRule;
import id.jamsos.gateway.finance.Programme;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who pays a period of cover is recorded when it opens (V23, docs/finance.md "Coverage periods"): the
 * agency's earmarked source, else the first source that names no agency with money left to carry the
 * worker to the programme's last month, else the default. A later change of the programme's settings
 * does not move the months already recorded; periods opened before the source was kept get the one
 * statements used for them, once.
 */
abstract class FundingContractTest extends LedgerDatabaseContract {

    /** 10:00 WIT on 15 April 2026: April to December, 9 months to carry. */
    private static final Instant NOW = Instant.parse("2026-04-15T01:00:00Z");
    private static final long INCOME = 1_000_000L;
    private static final long NEED = 16_800L * 9;

    private Clock clock;
    private BudgetLedger budget;

    @Override
    protected void migrated() {
        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), clock);
    }

    private static Programme programme(List<String> otsusAgencies) {
        return new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), List.of(
                new Programme.FundingSource("APBD_KOTA", "APBD Kota", 2 * NEED, "5.1.02.01.001", List.of()),
                new Programme.FundingSource("OTSUS", "Dana Otsus", 100 * NEED, "5.1.02.05.001", otsusAgencies),
                new Programme.FundingSource("DBH", "DBH", 100 * NEED, "5.1.02.07.001", List.of()),
                new Programme.FundingSource("CSR", "GN Lingkaran", 100 * NEED, "9.9.9", List.of("nelayan"))),
                "APBD_KOTA");
    }

    private Ledger ledger(Programme programme) {
        Ledger ledger = new Ledger(db.dataSource(), clock);
        if (programme != null) {
            ledger.fundPeriodsWith(new FundingRule(programme,
                    new BudgetPlanner(programme, budget, INCOME, CoverageLedger.DEFAULT_ZONE, clock)));
        }
        return ledger;
    }

    /** Enrolls rows 1..n of a new file of the agency, all at once (one BPJS answer). */
    private static long enroll(Ledger ledger, String agency, String name, int n) {
        long file = ledger.registerFile(agency, name, name.repeat(64).substring(0, 64), NOW).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int r = 1; r <= n; r++) {
            rows.add(new LedgerRow(file, r, TestRows.nik(file, r), "Worker " + r, RowState.PENDING, List.of(),
                    "key-" + file + "-" + r, null, null, INCOME, null));
            outcomes.add(new RowOutcome(file, r, RowState.ENROLLED, TestRows.kpj(file, r), null, agency, "Sorong"));
        }
        ledger.insertRows(file, rows);
        ledger.recordOutcomes(outcomes);
        return file;
    }

    /** "SOURCE account" of the worker's open period, as recorded. */
    private String funding(String kpj) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT funding_source, funding_account FROM coverage_period"
                     + " WHERE kpj = ? ORDER BY id DESC")) {
            ps.setString(1, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a period of " + kpj).isTrue();
                return rs.getString(1) + " " + rs.getString(2);
            }
        }
    }

    @Test
    void theSourceThatPaysIsRecordedAsThePeriodOpensAndStaysWhenTheSettingsChange() throws Exception {
        Programme before = programme(List.of());
        long city = enroll(ledger(before), "dinsos", "a.csv", 3);
        long donor = enroll(ledger(before), "nelayan", "b.csv", 1);

        // The city's APBD carries two workers to December; the third goes to the next source with money.
        assertThat(funding(TestRows.kpj(city, 1))).isEqualTo("APBD_KOTA 5.1.02.01.001");
        assertThat(funding(TestRows.kpj(city, 2))).isEqualTo("APBD_KOTA 5.1.02.01.001");
        assertThat(funding(TestRows.kpj(city, 3))).isEqualTo("OTSUS 5.1.02.05.001");
        // Earmarked money pays its agency's workers.
        assertThat(funding(TestRows.kpj(donor, 1))).isEqualTo("CSR 9.9.9");

        // Next the Otsus funds are earmarked for dinsos: a new worker of dinsos is Otsus's, the months of
        // those enrolled before are not moved.
        Programme after = programme(List.of("dinsos"));
        long later = enroll(ledger(after), "dinsos", "c.csv", 1);
        assertThat(funding(TestRows.kpj(later, 1))).isEqualTo("OTSUS 5.1.02.05.001");
        assertThat(funding(TestRows.kpj(city, 1))).isEqualTo("APBD_KOTA 5.1.02.01.001");
        assertThat(budget.coveredIn(YearMonth.of(2026, 4))).containsExactlyInAnyOrder(
                new BudgetLedger.CoveredCount("dinsos", "APBD_KOTA", INCOME, 2),
                new BudgetLedger.CoveredCount("dinsos", "OTSUS", INCOME, 2),
                new BudgetLedger.CoveredCount("nelayan", "CSR", INCOME, 1));
        // The plan under the new settings still charges APBD_KOTA for the first two.
        assertThat(new BudgetPlanner(after, budget, INCOME, CoverageLedger.DEFAULT_ZONE, clock).plan().sources())
                .filteredOn(s -> s.code().equals("APBD_KOTA")).singleElement()
                .satisfies(s -> assertThat(s.workers()).isEqualTo(2));
    }

    @Test
    void periodsOpenedBeforeTheSourceWasKeptGetTheOneStatementsUsedOnce() throws Exception {
        // Opened with no rule, as before V23 (and a second ended since).
        long old = enroll(ledger(null), "nelayan", "old.csv", 2);
        new CoverageLedger(db.dataSource(), clock, CoverageLedger.DEFAULT_ZONE)
                .end(TestRows.kpj(old, 2), YearMonth.of(2026, 4), EndReason.MOVED, "command");
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_task WHERE name = 'funding-backfill'")) {
            ps.executeUpdate();
        }
        assertThat(funding(TestRows.kpj(old, 1))).isEqualTo("null null");

        Programme p = programme(List.of());
        assertThat(PeriodFunds.backfill(db.dataSource(), FundingRule.asStatedSoFar(p), clock)).isEqualTo(2);
        assertThat(funding(TestRows.kpj(old, 1))).isEqualTo("CSR 9.9.9");
        assertThat(funding(TestRows.kpj(old, 2))).isEqualTo("CSR 9.9.9");
        // Once per ledger: a period opened without a rule later is not swept up by another start.
        long after = enroll(ledger(null), "dinsos", "new.csv", 1);
        assertThat(PeriodFunds.backfill(db.dataSource(), FundingRule.asStatedSoFar(p), clock)).isZero();
        assertThat(funding(TestRows.kpj(after, 1))).isEqualTo("null null");
    }

    @Test
    void aPeriodIsFundedByTheIncomeInForceInItsFirstMonthNotTheFirstIncomeDeclared() throws Exception {
        Ledger ledger = ledger(null);
        long file = enroll(ledger, "nelayan", "k", 1);
        String kpj = TestRows.kpj(file, 1);
        String first;
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT first_month FROM coverage_period WHERE kpj = ?")) {
                ps.setString(1, kpj);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    first = rs.getString(1);
                }
            }
            // A correction in force from the period's first month, and one from a later month.
            YearMonth month = YearMonth.parse(first);
            for (Object[] line : new Object[][] {{month.minusMonths(2), 3_000_000L}, {month, 5_000_000L},
                    {month.plusMonths(1), 9_000_000L}}) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker_income (kpj, from_month,"
                        + " monthly_income, source, recorded_at) VALUES (?, ?, ?, 'KOREKSI', ?)")) {
                    ps.setString(1, kpj);
                    ps.setString(2, line[0].toString());
                    ps.setLong(3, (Long) line[1]);
                    DbTime.set(ps, 4, NOW);
                    ps.executeUpdate();
                }
            }
        }
        List<Long> seen = new ArrayList<>();
        PeriodFunding recording = () -> (agency, income) -> {
            seen.add(income);
            return new PeriodFunding.Funding("DBH", "5.1.02.07.001");
        };
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            PeriodFunds.fundOpen(c, recording.round(), List.of(kpj));
            c.rollback();
        }
        assertThat(PeriodFunds.backfill(db.dataSource(), recording, clock)).isEqualTo(1);
        assertThat(seen).as("as the period opens, and in the backfill").containsExactly(5_000_000L, 5_000_000L);
    }

    @Test
    void aBurstOfRoundsReadsThePlanOnceUntilItsReadingExpires() {
        Programme p = programme(List.of());
        BudgetPlanner planner = new BudgetPlanner(p, budget, INCOME, CoverageLedger.DEFAULT_ZONE, clock);
        int[] plans = {0};
        id.jamsos.gateway.support.MutableClock time = new id.jamsos.gateway.support.MutableClock(NOW);
        FundingRule rule = new FundingRule(p, () -> {
            plans[0]++;
            return planner.plan();
        }, INCOME, time, java.time.Duration.ofSeconds(60));
        // APBD_KOTA carries two workers: the burst's choices count its money down between readings.
        List<String> chosen = new ArrayList<>();
        for (int answer = 0; answer < 5; answer++) {
            chosen.add(rule.round().fund("AG1", INCOME).source());
        }
        assertThat(plans[0]).as("one reading for the burst").isEqualTo(1);
        assertThat(chosen).containsExactly("APBD_KOTA", "APBD_KOTA", "OTSUS", "OTSUS", "OTSUS");
        time.set(NOW.plusSeconds(59));
        rule.round();
        assertThat(plans[0]).isEqualTo(1);
        time.set(NOW.plusSeconds(60));
        assertThat(rule.round().fund("AG1", INCOME).source()).as("read anew: nothing recorded spent")
                .isEqualTo("APBD_KOTA");
        assertThat(plans[0]).as("expired after 60 s").isEqualTo(2);
    }
}
