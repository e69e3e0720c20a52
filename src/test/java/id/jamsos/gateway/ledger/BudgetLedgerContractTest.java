package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget's part of the ledger (V18): top-ups recorded and read back to the rupiah, the waitlist
 * in arrival order released to PENDING (its file reopened for a new report) and put back, the
 * cohort priced per agency and income, cover counted per month, and a renewal that carries the
 * covered workers over or ends those an agency did not confirm.
 */
abstract class BudgetLedgerContractTest extends LedgerDatabaseContract {

    /** 10:00 WIT on 15 April 2026. */
    private static final Instant NOW = Instant.parse("2026-04-15T01:00:00Z");
    private static final YearMonth APRIL = YearMonth.of(2026, 4);

    private Ledger ledger;
    private BudgetLedger budget;
    private CoverageLedger coverage;

    @Override
    protected void migrated() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ledger = new Ledger(db.dataSource(), clock);
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), clock);
        coverage = new CoverageLedger(db.dataSource(), clock, CoverageLedger.DEFAULT_ZONE);
    }

    private long file(String agency, String name) {
        return ledger.registerFile(agency, name, name.repeat(64).substring(0, 64), NOW).fileId();
    }

    private static LedgerRow row(long file, int rowNo, RowState state, Long income) {
        return new LedgerRow(file, rowNo, nik(file, rowNo), "Worker " + rowNo, state, List.of(), "key-" + file + "-"
                + rowNo, null, null, income, null);
    }

    @BeforeEach
    void empty() {
        db.emptyLedgerTables();
    }

    @Test
    void topUpsAreRecordedPerProgrammeToTheRupiah() {
        budget.addTopUp("2026", "APBD_PERUBAHAN", 700_000_000L, "5.1.02.01.009", LocalDate.of(2026, 9, 1),
                "Perda 5/2026", "finance");
        budget.addTopUp("2026", "CSR", 1L, null, LocalDate.of(2026, 9, 2), "GN Lingkaran 12", "finance");
        budget.addTopUp("2027", "APBD_KOTA", 5L, null, LocalDate.of(2027, 1, 2), "DPA 1", "finance");

        List<BudgetLedger.TopUp> topUps = budget.topUps("2026");
        assertThat(topUps).extracting(BudgetLedger.TopUp::source).containsExactly("APBD_PERUBAHAN", "CSR");
        BudgetLedger.TopUp first = topUps.get(0);
        assertThat(first.amount()).isEqualTo(700_000_000L);
        assertThat(first.account()).isEqualTo("5.1.02.01.009");
        assertThat(first.decidedOn()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(first.reference()).isEqualTo("Perda 5/2026");
        assertThat(first.recordedAt()).isEqualTo(NOW);
        assertThat(first.recordedBy()).isEqualTo("finance");
        assertThatThrownBy(() -> budget.addTopUp("2026", "CSR", 0L, null, LocalDate.of(2026, 9, 2), "x", "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWaitlistIsReleasedInArrivalOrderAndItsFileReopened() {
        long first = file("AG1", "a.csv");
        long second = file("AG2", "b.csv");
        ledger.insertRows(first, List.of(row(first, 1, RowState.PENDING, 1_000_000L),
                row(first, 2, RowState.WAITLISTED, 2_000_000L), row(first, 3, RowState.WAITLISTED, null)));
        ledger.insertRows(second, List.of(row(second, 1, RowState.WAITLISTED, 1_500_000L)));
        new OpsQueries(db.dataSource()).storeItems(first, Map.of(2, "{\"rowNo\":2}"));
        ledger.completeIntake(first, 3, 0);
        ledger.completeIntake(second, 1, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(first, 1)));
        // Nothing pending: the files are reported with their waitlisted rows.
        assertThat(ledger.tryStartReporting(first)).isTrue();
        ledger.markReported(first);

        assertThat(budget.waitlistedCount()).isEqualTo(3);
        List<BudgetLedger.WaitlistedRow> waiting = budget.waitlisted(10);
        assertThat(waiting).extracting(w -> w.fileId() + "/" + w.rowNo())
                .containsExactly(first + "/2", first + "/3", second + "/1");
        assertThat(waiting.get(0).itemJson()).isEqualTo("{\"rowNo\":2}");
        assertThat(waiting.get(0).monthlyIncome()).isEqualTo(2_000_000L);
        assertThat(waiting.get(0).agencyId()).isEqualTo("AG1");
        assertThat(waiting.get(1).itemJson()).isNull();
        assertThat(budget.waiting()).containsExactlyInAnyOrder(
                new BudgetLedger.WaitingCount(RowState.WAITLISTED, 2_000_000L, 1),
                new BudgetLedger.WaitingCount(RowState.WAITLISTED, null, 1),
                new BudgetLedger.WaitingCount(RowState.WAITLISTED, 1_500_000L, 1));
        // A waitlisted row holds its NIK: another file cannot send it meanwhile.
        assertThat(ledger.standingOf(List.of(nik(first, 2)))).containsKey(nik(first, 2));

        List<RowKey> released = budget.release(List.of(new RowKey(first, 2), new RowKey(first, 1)));
        assertThat(released).containsExactly(new RowKey(first, 2));
        assertThat(ledger.rowCounts(first).get(RowState.PENDING)).isEqualTo(1);
        assertThat(ledger.file(first).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(budget.waitlisted(10)).extracting(BudgetLedger.WaitlistedRow::rowNo).containsExactly(3, 1);
        // Released twice, released once.
        assertThat(budget.release(List.of(new RowKey(first, 2)))).isEmpty();

        assertThat(budget.backToWaitlist(List.of(new RowKey(first, 2)))).containsExactly(new RowKey(first, 2));
        assertThat(budget.waitlisted(1)).extracting(BudgetLedger.WaitlistedRow::rowNo).containsExactly(2);
    }

    @Test
    void theCohortIsPricedPerAgencySourceAndIncomeAndCoverCountedPerMonth() {
        long f = file("AG1", "c.csv");
        List<LedgerRow> rows = new ArrayList<>();
        rows.add(row(f, 1, RowState.PENDING, 1_000_000L));
        rows.add(row(f, 2, RowState.PENDING, 1_000_000L));
        rows.add(row(f, 3, RowState.PENDING, 3_000_000L));
        rows.add(row(f, 4, RowState.PENDING, null));
        ledger.insertRows(f, rows);
        ledger.recordOutcomes(List.of(TestRows.enrolled(f, 1), TestRows.enrolled(f, 2), TestRows.enrolled(f, 3),
                TestRows.enrolled(f, 4)));
        coverage.transfer(kpj(f, 4), "AG2", YearMonth.of(2026, 5), "transfer:test");
        coverage.end(kpj(f, 3), YearMonth.of(2026, 5), EndReason.DIED, "claim:1");

        assertThat(budget.coveredIn(APRIL)).containsExactlyInAnyOrder(
                new BudgetLedger.CoveredCount("AG1", null, 1_000_000L, 2),
                new BudgetLedger.CoveredCount("AG1", null, 3_000_000L, 1),
                new BudgetLedger.CoveredCount("AG1", null, null, 1));
        assertThat(budget.coveredIn(YearMonth.of(2026, 6))).containsExactlyInAnyOrder(
                new BudgetLedger.CoveredCount("AG1", null, 1_000_000L, 2),
                new BudgetLedger.CoveredCount("AG2", null, null, 1));

        List<BudgetLedger.MonthCounts> april = budget.coverageCounts(APRIL, null);
        // The handover ends April's period at AG1: from May the worker is AG2's.
        assertThat(april).containsExactly(new BudgetLedger.MonthCounts("AG1", 4, 4,
                Map.of(EndReason.TRANSFERRED, 1L)));
        List<BudgetLedger.MonthCounts> may = budget.coverageCounts(YearMonth.of(2026, 5), null);
        assertThat(may).hasSize(2);
        assertThat(may.get(0).agencyId()).isEqualTo("AG1");
        assertThat(may.get(0).covered()).isEqualTo(3);
        assertThat(may.get(0).started()).isZero();
        assertThat(may.get(0).ended()).isEqualTo(Map.of(EndReason.DIED, 1L));
        assertThat(may.get(1)).isEqualTo(new BudgetLedger.MonthCounts("AG2", 1, 1, Map.of()));
        assertThat(budget.coverageCounts(YearMonth.of(2026, 5), "AG2")).extracting(BudgetLedger.MonthCounts::agencyId)
                .containsExactly("AG2");
    }

    @Test
    void aRenewalCarriesTheCoveredWorkersOverOrEndsTheUnconfirmedOnce() {
        long f = file("AG1", "d.csv");
        ledger.insertRows(f, TestRows.allPending(f, 1, 3));
        long g = file("AG2", "e.csv");
        ledger.insertRows(g, TestRows.allPending(g, 1, 1));
        ledger.recordOutcomes(List.of(TestRows.enrolled(f, 1), TestRows.enrolled(f, 2), TestRows.enrolled(f, 3),
                new RowOutcome(g, 1, RowState.ENROLLED, kpj(g, 1), null, "AG2", null)));
        YearMonth december = YearMonth.of(2026, 12);
        Set<String> confirmed = Set.of(budget.nikHash(nik(f, 1)));

        // AG1 confirmed only its first worker; AG2's worker is not AG1's to confirm and carries over.
        BudgetLedger.Renewal r = budget.renew("2026", "2027", december, confirmed::contains, "AG1", "konfirmasi.csv",
                "finance");
        assertThat(r.carried()).isEqualTo(2);
        assertThat(r.ended()).isEqualTo(2);
        assertThat(coverage.openPeriod(kpj(f, 1))).isPresent();
        assertThat(coverage.openPeriod(kpj(g, 1))).isPresent();
        CoveragePeriod ended = coverage.periods(kpj(f, 2)).get(0);
        assertThat(ended.lastMonth()).isEqualTo(december);
        assertThat(ended.endReason()).isEqualTo(EndReason.BUDGET_ENDED);
        assertThat(ended.endedBy()).isEqualTo("budget:2026");
        assertThat(budget.renewals()).containsExactly(new BudgetLedger.Renewal("2026", "2027", december, 2, 2,
                "konfirmasi.csv", NOW));

        // Once per pair: the second is refused and changes nothing.
        assertThatThrownBy(() -> budget.renew("2026", "2027", december, null, null, null, "finance"))
                .isInstanceOf(LedgerException.class);
        assertThat(coverage.openPeriod(kpj(f, 1))).isPresent();
        assertThat(budget.renewals()).hasSize(1);
    }
}
