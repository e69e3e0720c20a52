package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.intake.ChangeChecks;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerChange;
import id.jamsos.gateway.model.RowChange;
import id.jamsos.gateway.model.RowRejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Income with an effective month (V20): a KOREKSI of the income applied in June leaves March's
 * statement, budget and arrears figures as they were and bills July with the new income; without
 * BULAN_BERLAKU the income holds from the month applied (the city's zone); a month a published
 * statement covers is closed; intake refuses a bad BULAN_BERLAKU in Indonesian and English.
 *
 * <p>Three dinsos workers enrolled in February 2026 at Rp 2,000,000, Rp 3,000,000 and no declared
 * income (the default, Rp 2,000,000). On 15 June (WIT) one change job corrects worker 1 to Rp 5,000,000
 * without a month (so from June) and worker 2 to Rp 4,000,000 from April. Then May's statement is
 * published, and worker 3's correction to Rp 6,000,000 "from April" is applied from June instead.
 */
abstract class IncomeHistoryContract extends SeededLedgerContract {

    static final Instant JUNE_15 = Instant.parse("2026-06-15T03:00:00Z");
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final YearMonth APRIL = YearMonth.of(2026, 4);
    static final YearMonth MAY = YearMonth.of(2026, 5);
    static final YearMonth JUNE = YearMonth.of(2026, 6);
    static final YearMonth JULY = YearMonth.of(2026, 7);
    static final long DEFAULT_INCOME = 2_000_000L;
    static final Long[] ENROLLED = {2_000_000L, 3_000_000L, null};
    static final Programme PROGRAMME = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), List.of(
            new Programme.FundingSource("APBD_KOTA", "APBD Kota", 1_000_000_000L, "5.1.02.01.001", List.of())),
            "APBD_KOTA");

    /** What March looked like before any correction: the statement's cohort and every reader's counts. */
    StatementBuilder.Cohort marchBefore;
    List<FinanceLedger.IncomeCount> marchIncomesBefore;
    List<BudgetLedger.CoveredCount> marchBudgetBefore;
    List<PaymentLedger.SourceCount> marchPaymentBefore;
    long changeFile;
    List<ChangeLedger.Decided> decided = new ArrayList<>();
    volatile Invoice invoice;

    IncomeHistoryContract(Kind kind) {
        super(kind);
    }

    static String kpj(int row) {
        return String.format("K%02d%08d", 7, row);
    }

    static String nik(int row) {
        return String.format("9271%02d4501%06d", 7, row);
    }

    static long due(Long income) {
        return ContributionRules.jkk(income == null ? DEFAULT_INCOME : income) + ContributionRules.jkm();
    }

    @Override
    StatementBuilder seed() throws Exception {
        Clock february = Clock.fixed(Instant.parse("2026-02-01T01:00:00Z"), ZoneOffset.UTC);
        Ledger ledger = new Ledger(ds, february);
        long enrolFile = ledger.registerFile("dinsos", "feb.csv", String.format("%064d", 7),
                Instant.parse("2026-01-31T00:00:00Z")).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int row = 1; row <= ENROLLED.length; row++) {
            rows.add(new LedgerRow(enrolFile, row, nik(row), "Pekerja 7-" + row, RowState.PENDING, List.of(),
                    "key-" + enrolFile + "-" + row, null, null, ENROLLED[row - 1], null));
            outcomes.add(new RowOutcome(enrolFile, row, RowState.ENROLLED, kpj(row), null, "dinsos", "Sorong"));
        }
        ledger.insertRows(enrolFile, rows);
        ledger.completeIntake(enrolFile, ENROLLED.length, 0);
        ledger.recordOutcomes(outcomes);
        StatementBuilder builder = builderAt(JUNE_15, DEFAULT_INCOME, 1_000_000_000L, PROGRAMME, (period, region) -> {
            if (invoice == null) {
                throw new IllegalStateException("no invoice in this test");
            }
            return invoice;
        });

        marchBefore = builder.cohort(MARCH, null);
        marchIncomesBefore = new FinanceLedger(ds).workersByIncome(MARCH);
        marchBudgetBefore = budget().coveredIn(MARCH);
        marchPaymentBefore = new PaymentLedger(ds).workersBySource(MARCH);

        Ledger june = new Ledger(ds, Clock.fixed(JUNE_15, ZoneOffset.UTC));
        changeFile = june.registerFile("dinsos", "koreksi.csv", String.format("%064d", 8), JUNE_15).fileId();
        List<LedgerRow> changeRows = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            changeRows.add(new LedgerRow(changeFile, row, nik(row), "Pekerja 7-" + row, RowState.PENDING, List.of(),
                    "chg-" + changeFile + "-" + row, null, null));
        }
        june.insertRows(changeFile, changeRows);
        june.completeIntake(changeFile, 3, 0);
        ChangeLedger changes = new ChangeLedger(ds, Clock.fixed(JUNE_15, ZoneOffset.UTC), PersonalDataCipher.forTests(),
                WIT);
        decided.addAll(changes.apply(List.of(
                ChangeOutcome.corrected(changeFile, 1, "dinsos", kpj(1),
                        new ChangeOutcome.Correction(null, null, 5_000_000L, null), "chg-1", "200"),
                ChangeOutcome.corrected(changeFile, 2, "dinsos", kpj(2),
                        new ChangeOutcome.Correction(null, null, 4_000_000L, null), APRIL, "chg-2", "200"))));
        // May's statement is published: finance has booked May and every month before.
        new FinanceLedger(ds).recordStatement(MAY.toString(), ContributionStatement.ALL, "statement-2026-05-all-x",
                JUNE_15);
        decided.addAll(changes.apply(List.of(ChangeOutcome.corrected(changeFile, 3, "dinsos", kpj(3),
                new ChangeOutcome.Correction(null, null, 6_000_000L, null), APRIL, "chg-3", "200"))));
        return builder;
    }

    private BudgetLedger budget() {
        return new BudgetLedger(ds, PersonalDataCipher.forTests(), Clock.fixed(JUNE_15, ZoneOffset.UTC));
    }

    private static Invoice invoiceOf(YearMonth month, long... totals) {
        List<Invoice.Line> lines = new ArrayList<>();
        long jkm = ContributionRules.jkm();
        for (int row = 1; row <= totals.length; row++) {
            lines.add(new Invoice.Line(kpj(row), nik(row), "Pekerja 7-" + row, totals[row - 1] - jkm, jkm,
                    totals[row - 1]));
        }
        return new Invoice(month.toString(), "9671", lines.size(), lines.stream().mapToLong(Invoice.Line::iuranJkk).sum(),
                lines.stream().mapToLong(Invoice.Line::iuranJkm).sum(), lines.stream().mapToLong(Invoice.Line::total).sum(),
                lines);
    }

    @Test
    void marchRebuiltInJuneIsBilledWithMarchsIncome() {
        assertThat(decided).extracting(ChangeLedger.Decided::state).containsOnly(RowState.APPLIED);
        StatementBuilder.Cohort march = builder.cohort(MARCH, null);
        assertThat(march).isEqualTo(marchBefore);
        assertThat(march.totals().total()).isEqualTo(due(2_000_000L) + due(3_000_000L) + due(null));

        invoice = invoiceOf(MARCH, due(2_000_000L), due(3_000_000L), due(null));
        ContributionStatement s = builder.build(MARCH, null);
        assertThat(s.totals().total()).isEqualTo(march.totals().total());
        assertThat(s.differenceCounts().total()).as("BPJS billed March as enrolled: nothing differs").isZero();
        assertThat(s.totals().workers()).isEqualTo(3);
    }

    @Test
    void julyIsBilledWithTheCorrectedIncomes() {
        long july = due(5_000_000L) + due(4_000_000L) + due(6_000_000L);
        assertThat(builder.cohort(JULY, null).totals().total()).isEqualTo(july);

        invoice = invoiceOf(JULY, due(5_000_000L), due(4_000_000L), due(6_000_000L));
        assertThat(builder.build(JULY, null).differenceCounts().total()).isZero();
        // Billed at the old incomes, every worker's amount differs.
        invoice = invoiceOf(JULY, due(2_000_000L), due(3_000_000L), due(null));
        assertThat(builder.build(JULY, null).differenceCounts().amountDiffers()).isEqualTo(3);
    }

    @Test
    void eachMonthHasTheIncomeInForceThen() {
        // April and May: only worker 2's correction reaches back (from April); worker 3's moved to June.
        for (YearMonth m : List.of(APRIL, MAY)) {
            assertThat(builder.cohort(m, null).totals().total()).as(m.toString())
                    .isEqualTo(due(2_000_000L) + due(4_000_000L) + due(null));
        }
        assertThat(builder.cohort(JUNE, null).totals().total())
                .isEqualTo(due(5_000_000L) + due(4_000_000L) + due(6_000_000L));
        // The default-income count follows: worker 3 had none declared until June.
        assertThat(builder.cohort(JUNE, null).sources().get(0).workersWithDefaultIncome()).isZero();
        assertThat(builder.cohort(MAY, null).sources().get(0).workersWithDefaultIncome()).isEqualTo(1);
    }

    @Test
    void budgetArrearsAndPaymentCountsOfAPastMonthDoNotMove() {
        assertThat(new FinanceLedger(ds).workersByIncome(MARCH)).containsExactlyInAnyOrderElementsOf(marchIncomesBefore);
        assertThat(budget().coveredIn(MARCH)).containsExactlyInAnyOrderElementsOf(marchBudgetBefore);
        assertThat(new PaymentLedger(ds).workersBySource(MARCH)).containsExactlyInAnyOrderElementsOf(marchPaymentBefore);
        assertThat(Arrears.expected(new FinanceLedger(ds).workersByIncome(MARCH), DEFAULT_INCOME))
                .isEqualTo(Arrears.expected(marchIncomesBefore, DEFAULT_INCOME));

        assertThat(new FinanceLedger(ds).workersByIncome(JULY))
                .extracting(FinanceLedger.IncomeCount::monthlyIncome, FinanceLedger.IncomeCount::workers)
                .containsExactlyInAnyOrder(tuple(5_000_000L, 1L), tuple(4_000_000L, 1L), tuple(6_000_000L, 1L));
        assertThat(budget().coveredIn(JULY)).extracting(BudgetLedger.CoveredCount::monthlyIncome)
                .containsExactlyInAnyOrder(5_000_000L, 4_000_000L, 6_000_000L);
        // The budget plan prices this month's cohort (June) with June's incomes, and the months ahead with them.
        BudgetPlan plan = new BudgetPlanner(PROGRAMME, budget(), DEFAULT_INCOME, WIT,
                Clock.fixed(JUNE_15, ZoneOffset.UTC)).plan(JUNE);
        long june = due(5_000_000L) + due(4_000_000L) + due(6_000_000L);
        assertThat(plan.costPerMonth()).isEqualTo(june);
        // Spent so far: each month at the income in force then (February and March as enrolled, April and
        // May with worker 2's correction from April, June with all three).
        long febMar = due(2_000_000L) + due(3_000_000L) + due(null);
        long aprMay = due(2_000_000L) + due(4_000_000L) + due(null);
        assertThat(plan.spent()).isEqualTo(2 * febMar + 2 * aprMay + june);
    }

    @Test
    void theHistoryRecordsTheMonthEachIncomeHoldsFrom() throws Exception {
        Map<String, String> months = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kpj, effective_month FROM worker_change WHERE file_id = ? ORDER BY row_no")) {
            ps.setLong(1, changeFile);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    months.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        // Row 1 without a month: June, the month applied in WIT; row 3 asked for April, closed by May's statement.
        assertThat(months).containsExactly(Map.entry(kpj(1), "2026-06"), Map.entry(kpj(2), "2026-04"),
                Map.entry(kpj(3), "2026-06"));
        ChangeLedger changes = new ChangeLedger(ds, Clock.systemUTC(), PersonalDataCipher.forTests(), WIT);
        WorkerChange two = changes.history(kpj(2)).get(0);
        assertThat(two.action()).isEqualTo(ChangeAction.KOREKSI);
        assertThat(two.oldValues()).containsEntry(ChangeLedger.INCOME, "3000000");
        assertThat(two.newValues()).containsEntry(ChangeLedger.INCOME, "4000000")
                .containsEntry(ChangeLedger.EFFECTIVE_MONTH, "2026-04");
        assertThat(changes.history(kpj(3)).get(0).oldValues()).as("no income was declared").isEmpty();
        assertThat(decided.get(2).note()).contains("penghasilan berlaku mulai 2026-06").contains("income from 2026-06");
        // The enrolled income stays where it was: the worker's own copy is not overwritten.
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM worker WHERE monthly_income IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void intakeRefusesABadEffectiveMonthInIndonesianAndEnglish() {
        Clock june = Clock.fixed(JUNE_15, ZoneOffset.UTC);
        ChangeChecks checks = new ChangeChecks(new Ledger(ds, june), new CoverageLedger(ds, june, WIT),
                agency -> true, Json.mapper());
        Map<YearMonth, String> refusedFor = new LinkedHashMap<>();
        refusedFor.put(YearMonth.of(2026, 1), ChangeChecks.EFFECTIVE_MONTH_BEFORE_START);
        refusedFor.put(MAY, ChangeChecks.EFFECTIVE_MONTH_CLOSED);
        refusedFor.put(YearMonth.of(2026, 8), ChangeChecks.EFFECTIVE_MONTH_TOO_LATE);
        List<RowRejection> why = new ArrayList<>();
        for (Map.Entry<YearMonth, String> e : refusedFor.entrySet()) {
            ChangeChecks.Verdict v = checks.check("dinsos", 4, koreksi(e.getKey()), "chg-x-4", JUNE, null);
            assertThat(v).as(e.getKey().toString()).isInstanceOf(ChangeChecks.Refused.class);
            why.add(((ChangeChecks.Refused) v).why());
        }
        assertThat(why).extracting(RowRejection::field, RowRejection::code).containsExactly(
                tuple("BULAN_BERLAKU", ChangeChecks.EFFECTIVE_MONTH_BEFORE_START),
                tuple("BULAN_BERLAKU", ChangeChecks.EFFECTIVE_MONTH_CLOSED),
                tuple("BULAN_BERLAKU", ChangeChecks.EFFECTIVE_MONTH_TOO_LATE));
        assertThat(why.get(0).messageId()).isEqualTo("BULAN_BERLAKU 01/2026 sebelum bulan mulai tanggungan (02/2026)");
        assertThat(why.get(0).messageEn()).isEqualTo("BULAN_BERLAKU 01/2026 is before cover started (02/2026)");
        assertThat(why.get(1).messageId()).contains("laporan iuran 05/2026 sudah diterbitkan")
                .contains("paling awal 06/2026");
        assertThat(why.get(1).messageEn()).contains("statement for 05/2026 was already published")
                .contains("from 06/2026 at the earliest");
        assertThat(why.get(2).messageId()).contains("lebih dari satu bulan ke depan");
        assertThat(why.get(2).messageEn()).contains("more than one month ahead (07/2026 at the latest)");

        ChangeChecks.Verdict july = checks.check("dinsos", 4, koreksi(JULY), "chg-x-4", JUNE, null);
        assertThat(july).isInstanceOf(ChangeChecks.Accepted.class);
        assertThat(((ChangeChecks.Accepted) july).item().effectiveMonth()).isEqualTo("2026-07");
        ChangeChecks.Verdict now = checks.check("dinsos", 4, koreksi(null), "chg-x-4", JUNE, null);
        assertThat(((ChangeChecks.Accepted) now).item().effectiveMonth()).as("the ledger decides: the month applied")
                .isNull();
    }

    private static RowChange koreksi(YearMonth from) {
        return new RowChange(ChangeAction.KOREKSI, nik(1), null, null, null, null, null, 7_000_000L, null, from);
    }
}
