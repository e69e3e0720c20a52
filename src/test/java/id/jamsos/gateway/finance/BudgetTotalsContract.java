package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.Retention;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budget check the status page shows ({@link StatementBuilder#budgetNow}) against the statement's
 * own totals ({@link StatementBuilder#cohort}, which reads every covered worker): the same figures on
 * a ledger with incomes at every edge of the contribution rules, workers whose income was moved to the
 * register by a purge, and a worker enrolled after this month. The page's figures read no personal
 * data: a worker whose NIK can no longer be decrypted does not stop them.
 */
abstract class BudgetTotalsContract extends SeededLedgerContract {

    /** Mid-March 2026 in Sorong: March's cohort is the one the page shows. */
    static final Instant NOW = Instant.parse("2026-03-15T03:00:00Z");
    static final long DEFAULT_INCOME = 2_000_000L;
    static final long BUDGET = 5_000_000L;
    /** Declared incomes: none kept (the default applies), the minimum, rounding half up, the maximum and beyond. */
    static final Long[] INCOMES = {null, 0L, 500_000L, 1_000_000L, 1_234_549L, 1_234_550L, 1_500_000L, 20_699_950L,
            20_700_000L, 50_000_000L, 1_000_000L, null};

    BudgetTotalsContract(Kind kind) {
        super(kind);
    }

    @Override
    StatementBuilder seed() {
        // Enrolled on 1 February (two files, one purged since), and one worker on 1 April, after March.
        Clock february = Clock.fixed(Instant.parse("2026-02-01T01:00:00Z"), ZoneOffset.UTC);
        enrolledFile(new Ledger(ds, february), "dinsos", "jan.csv", 1, INCOMES);
        assertThat(new Retention(ds, february).purgeFinishedBefore(february.instant().plusSeconds(1), 5).files())
                .isEqualTo(1);
        enrolledFile(new Ledger(ds, february), "nelayan", "feb.csv", 2, INCOMES);
        enrolledFile(new Ledger(ds, Clock.fixed(Instant.parse("2026-03-31T15:00:00Z"), ZoneOffset.UTC)), "dinsos",
                "april.csv", 3, new Long[] {3_000_000L});
        // jamsos.finance.annualBudget (here 1 rupiah) is not what the check reads: the programme's budget is.
        return builderAt(NOW, DEFAULT_INCOME, 1L, PROGRAMME, (period, region) -> {
            throw new IllegalStateException("no invoice in this test");
        });
    }

    /** The year 2026 in Sorong, paid from one source of {@link #BUDGET}. */
    static final Programme PROGRAMME = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12),
            List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", BUDGET, "5.1.02.01.001", List.of())),
            "APBD_KOTA");

    /** A file whose rows (one per income) were all enrolled at the ledger's clock, then reported. */
    private static void enrolledFile(Ledger ledger, String agency, String name, int serial, Long[] incomes) {
        long id = ledger.registerFile(agency, name, String.format("%064d", serial), Instant.parse("2026-01-31T00:00:00Z"))
                .fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < incomes.length; i++) {
            int row = i + 1;
            rows.add(new LedgerRow(id, row, String.format("9271%02d4501%06d", serial, row), "Pekerja " + row,
                    RowState.PENDING, List.of(), "key-" + id + "-" + row, null, null, incomes[i], null));
            outcomes.add(new RowOutcome(id, row, RowState.ENROLLED, String.format("K%02d%09d", serial, row), null,
                    agency, "Sorong"));
        }
        ledger.insertRows(id, rows);
        ledger.completeIntake(id, incomes.length, 0);
        ledger.recordOutcomes(outcomes);
        assertThat(ledger.tryStartReporting(id)).isTrue();
        ledger.markReported(id);
    }

    @Test
    void thePagesBudgetFiguresAreTheStatementsOwn() {
        ContributionStatement.Totals march = builder.cohort(YearMonth.of(2026, 3), null).totals();
        BudgetCheck fromTheStatement = BudgetCheck.of(BUDGET, march.workers(), march.total());

        BudgetCheck shown = builder.budgetNow();

        assertThat(shown).isEqualTo(fromTheStatement);
        // Worked out by hand from the rules, per file: JKK 20,000 (default income) + 10,000 + 10,000
        // + 10,000 + 12,345 + 12,346 + 15,000 + 207,000 (20,699,950 rounds up to the maximum) + 207,000
        // + 207,000 + 10,000 + 20,000 = 740,691, JKM 12 x 6,800 = 81,600; two files.
        assertThat(shown.workers()).isEqualTo(24);
        assertThat(shown.monthlyDue()).isEqualTo(2 * (740_691L + 81_600L));
        assertThat(shown.exceeded()).isTrue();
    }

    @Test
    void theBudgetCheckedIsTheProgrammesWithItsTopUps() throws Exception {
        BudgetCheck before = builder.budgetNow();
        assertThat(before.annualBudget()).isEqualTo(BUDGET);
        BudgetLedger budgets = new BudgetLedger(ds, PersonalDataCipher.forTests(), Clock.systemUTC());
        budgets.addTopUp("2026", "APBD_PERUBAHAN", 20_000_000L, null, LocalDate.of(2026, 3, 1), "Perda 5/2026", "test");
        budgets.addTopUp("2025", "APBD_KOTA", 999L, null, LocalDate.of(2025, 3, 1), "another year", "test");
        try {
            // The page's check and the statement's: 5,000,000 + 20,000,000 against 12 x March's cohort.
            BudgetCheck after = builder.budgetNow();
            assertThat(after.annualBudget()).isEqualTo(25_000_000L);
            assertThat(after.projectedAnnualCost()).isEqualTo(12 * 2 * (740_691L + 81_600L));
            assertThat(after.headroom()).isEqualTo(25_000_000L - 12 * 2 * (740_691L + 81_600L));
            assertThat(after.exceeded()).isFalse();
            assertThat(after.warning()).isNull();
            assertThat(before.warning()).contains("anggaran program Rp 5.000.000").contains("12-month");
            ContributionStatement.Totals march = builder.cohort(YearMonth.of(2026, 3), null).totals();
            assertThat(BudgetCheck.of(25_000_000L, march.workers(), march.total(), PROGRAMME.months())).isEqualTo(after);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM budget_topup");
            }
        }
    }

    @Test
    void thePagesBudgetFiguresNeedNoWorkersPersonalData() throws Exception {
        BudgetCheck before = builder.budgetNow();
        String kept = nikCiphertextOf("K02000000001");
        try {
            // As if the key that encrypted one worker's NIK were no longer configured.
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE worker SET nik_enc = 'retired-key:AAAA' WHERE kpj = 'K02000000001'");
            }
            // The statement's totals need no NIK either: it decrypts only the NIK of a worker it lists
            // in a difference (here none: no invoice).
            assertThat(builder.cohort(YearMonth.of(2026, 3), null).totals().workers()).isEqualTo(24);
            assertThatThrownBy(() -> new FinanceLedger(ds).forEachWorkerCoveredIn(YearMonth.of(2026, 3), null, w -> { }))
                    .as("a reading that decrypts every worker's NIK").isInstanceOf(LedgerException.class);

            assertThat(builder.budgetNow()).isEqualTo(before);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE worker SET nik_enc = '" + kept + "' WHERE kpj = 'K02000000001'");
            }
        }
    }

    private String nikCiphertextOf(String kpj) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT nik_enc FROM worker WHERE kpj = ?")) {
            ps.setString(1, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theIncomesCountedAreTheOnesTheStatementReads() {
        List<FinanceLedger.IncomeCount> counts = new FinanceLedger(ds).workersByIncome(YearMonth.of(2026, 3));
        assertThat(counts.stream().mapToLong(FinanceLedger.IncomeCount::workers).sum()).isEqualTo(24);
        assertThat(counts).contains(new FinanceLedger.IncomeCount(null, 4), new FinanceLedger.IncomeCount(1_000_000L, 4),
                new FinanceLedger.IncomeCount(50_000_000L, 2));
        assertThat(counts).hasSize((int) Arrays.stream(INCOMES).distinct().count());
    }
}
