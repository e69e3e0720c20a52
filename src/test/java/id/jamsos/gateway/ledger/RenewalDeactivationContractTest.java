package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeRequests;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A renewal with an agency's confirmation (docs/finance.md, "Renewal"): the workers it does not carry get
 * their cover ended BUDGET_ENDED with the old programme's last month, finance is told (an unannounced end,
 * sent as COVERAGE_ENDED), and BPJS is asked to deactivate them through the change path: a change file of
 * the gateway's own whose BERHENTI rows (reason BUDGET_ENDED) are PENDING with their job items, for the
 * changes queue. BPJS's answer is applied as any change row's, and the file is then reported.
 */
abstract class RenewalDeactivationContractTest extends LedgerDatabaseContract {

    private static final Instant ENROLLED = Instant.parse("2026-04-15T01:00:00Z");
    private static final Instant RENEWED = Instant.parse("2027-01-05T01:00:00Z");
    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);

    private Ledger ledger;
    private BudgetLedger budget;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), Clock.fixed(RENEWED, ZoneOffset.UTC));
    }

    private long enroll(String agency, String name, int n) {
        long file = ledger.registerFile(agency, name, name.repeat(64).substring(0, 64), ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int r = 1; r <= n; r++) {
            rows.add(new LedgerRow(file, r, TestRows.nik(file, r), "Worker " + r, RowState.PENDING, List.of(),
                    "key-" + file + "-" + r, null, null, 1_000_000L, null));
            outcomes.add(new RowOutcome(file, r, RowState.ENROLLED, TestRows.kpj(file, r), null, agency, "Sorong"));
        }
        ledger.insertRows(file, rows);
        ledger.recordOutcomes(outcomes);
        return file;
    }

    @Test
    void workersNotCarriedEndBudgetEndedAndAreQueuedForDeactivationAsChangeRows() {
        long ag1 = enroll("AG1", "a.csv", 4);
        long ag2 = enroll("AG2", "b.csv", 1);
        // Worker 4 of AG1 is already on its way out through the agency's own BERHENTI row.
        long change = ledger.registerFile("AG1", "berhenti.csv", "c".repeat(64), ENROLLED).fileId();
        ledger.insertRows(change, List.of(new LedgerRow(change, 1, TestRows.nik(ag1, 4), "Worker 4",
                RowState.PENDING, List.of(), "key-berhenti", TestRows.kpj(ag1, 4), null, null, null,
                ChangeAction.BERHENTI, "{}")));
        Set<String> confirmed = Set.of(budget.nikHash(TestRows.nik(ag1, 1)));

        BudgetLedger.Renewed renewed = budget.renewAndDeactivate("2026", "2027", DECEMBER, confirmed::contains, "AG1",
                "konfirmasi.csv", "test");

        assertThat(renewed.renewal().carried()).isEqualTo(2);
        assertThat(renewed.renewal().ended()).isEqualTo(3);
        assertThat(renewed.deactivations()).hasSize(1);
        BudgetLedger.Deactivation d = renewed.deactivations().get(0);
        assertThat(d.agencyId()).isEqualTo("AG1");
        assertThat(d.skipped()).isEqualTo(1);
        assertThat(d.items()).extracting(ChangeItem::kpj).containsExactly(TestRows.kpj(ag1, 2), TestRows.kpj(ag1, 3));
        ChangeItem first = d.items().get(0);
        assertThat(first.action()).isEqualTo(ChangeAction.BERHENTI);
        assertThat(first.nik()).isEqualTo(TestRows.nik(ag1, 2));
        // The request the change route sends: the gateway's own reason, the old programme's last month.
        ChangeRequests.Deactivation request = new ChangeRequests().deactivation(first);
        assertThat(request.alasan()).isEqualTo("BUDGET_ENDED");
        assertThat(request.bulanTerakhir()).isEqualTo("2026-12");
        assertThat(request.refId()).isEqualTo(first.idempotencyKey());

        // In the ledger: a file of the agency's, PROCESSING, its rows PENDING and holding their NIKs.
        assertThat(ledger.file(d.fileId()).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        assertThat(ledger.rowCounts(d.fileId()).get(RowState.PENDING)).isEqualTo(2);
        assertThat(ledger.standingOf(List.of(TestRows.nik(ag1, 2)))).containsKey(TestRows.nik(ag1, 2));
        assertThat(ledger.storedChange(d.fileId(), 1)).contains("BUDGET_ENDED");
        // Cover ended with December, and finance has an end to be told (COVERAGE_ENDED).
        CoverageLedger coverage = new CoverageLedger(db.dataSource(), Clock.fixed(RENEWED, ZoneOffset.UTC),
                CoverageLedger.DEFAULT_ZONE);
        assertThat(coverage.unannounced(10)).extracting(CoveragePeriod::kpj).containsExactlyInAnyOrder(
                TestRows.kpj(ag1, 2), TestRows.kpj(ag1, 3), TestRows.kpj(ag1, 4));
        assertThat(coverage.periods(TestRows.kpj(ag1, 2))).singleElement().satisfies(p -> {
            assertThat(p.lastMonth()).isEqualTo(DECEMBER);
            assertThat(p.endReason()).isEqualTo(EndReason.BUDGET_ENDED);
            assertThat(p.endedBy()).isEqualTo("budget:2026");
        });
        assertThat(coverage.openPeriod(TestRows.kpj(ag1, 1))).isPresent();
        assertThat(coverage.openPeriod(TestRows.kpj(ag2, 1))).isPresent();

        // BPJS deactivates both (one had been non-active already, 212): applied as any change row.
        ChangeLedger changes = new ChangeLedger(db.dataSource(), Clock.fixed(RENEWED, ZoneOffset.UTC),
                PersonalDataCipher.forTests());
        List<ChangeLedger.Decided> decided = changes.apply(List.of(
                ChangeOutcome.ended(d.fileId(), 1, "AG1", TestRows.kpj(ag1, 2), EndReason.BUDGET_ENDED, DECEMBER,
                        first.idempotencyKey(), "200"),
                ChangeOutcome.ended(d.fileId(), 2, "AG1", TestRows.kpj(ag1, 3), EndReason.BUDGET_ENDED, DECEMBER,
                        d.items().get(1).idempotencyKey(), "212")));
        assertThat(decided).extracting(ChangeLedger.Decided::state).containsOnly(RowState.APPLIED);
        assertThat(decided.get(0).note()).contains("2026-12").contains("anggaran habis / budget ended");
        assertThat(ledger.tryStartReporting(d.fileId())).isTrue();
        // Once per pair of programmes: a second renewal is refused and queues nothing.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> budget.renewAndDeactivate("2026", "2027", DECEMBER,
                h -> false, null, "again.csv", "test")).isInstanceOf(LedgerException.class);
        assertThat(coverage.openPeriod(TestRows.kpj(ag1, 1))).isPresent();
    }

    private void inFlight(String agency, String name, long workerFile, int workerRow, ChangeAction action) {
        long change = ledger.registerFile(agency, name, name.repeat(64).substring(0, 64), ENROLLED).fileId();
        ledger.insertRows(change, List.of(new LedgerRow(change, 1, TestRows.nik(workerFile, workerRow),
                "Worker " + workerRow, RowState.PENDING, List.of(), "key-" + name, TestRows.kpj(workerFile, workerRow),
                null, null, null, action, "{}")));
    }

    @Test
    void aWorkerWhoseNikAKoreksiHoldsIsStillDeactivatedAndAFileWithNoRowsIsReportedAtOnce() {
        long ag1 = enroll("AG1", "a.csv", 3);
        long ag2 = enroll("AG2", "b.csv", 1);
        // Worker 1 of AG1 has a correction on its way, worker 2 a BERHENTI; AG2's only worker a BERHENTI.
        inFlight("AG1", "koreksi.csv", ag1, 1, ChangeAction.KOREKSI);
        inFlight("AG1", "berhenti.csv", ag1, 2, ChangeAction.BERHENTI);
        inFlight("AG2", "berhenti2.csv", ag2, 1, ChangeAction.BERHENTI);

        BudgetLedger.Renewed renewed = budget.renewAndDeactivate("2026", "2027", DECEMBER, h -> false, null,
                "konfirmasi.csv", "test");

        assertThat(renewed.deactivations()).hasSize(2);
        BudgetLedger.Deactivation d1 = renewed.deactivations().get(0);
        assertThat(d1.agencyId()).isEqualTo("AG1");
        // Only the BERHENTI is trusted to tell BPJS: the correction's worker is deactivated all the same.
        assertThat(d1.skipped()).isEqualTo(1);
        assertThat(d1.items()).extracting(ChangeItem::kpj).containsExactly(TestRows.kpj(ag1, 1), TestRows.kpj(ag1, 3));
        assertThat(ledger.rowCounts(d1.fileId()).get(RowState.PENDING)).isEqualTo(2);
        assertThat(ledger.file(d1.fileId()).orElseThrow().state()).isEqualTo(FileState.PROCESSING);
        // The correction still holds its worker's NIK: one row per NIK holds it in flight.
        assertThat(ledger.standingOf(List.of(TestRows.nik(ag1, 1)))).containsKey(TestRows.nik(ag1, 1));
        ChangeLedger changes = new ChangeLedger(db.dataSource(), Clock.fixed(RENEWED, ZoneOffset.UTC),
                PersonalDataCipher.forTests());
        assertThat(changes.apply(List.of(ChangeOutcome.ended(d1.fileId(), 1, "AG1", TestRows.kpj(ag1, 1),
                EndReason.BUDGET_ENDED, DECEMBER, d1.items().get(0).idempotencyKey(), "200"))))
                .extracting(ChangeLedger.Decided::state).containsOnly(RowState.APPLIED);

        // AG2's file has no row to send: it is not left PROCESSING, its reports are written at once.
        BudgetLedger.Deactivation d2 = renewed.deactivations().get(1);
        assertThat(d2.agencyId()).isEqualTo("AG2");
        assertThat(d2.items()).isEmpty();
        assertThat(ledger.file(d2.fileId()).orElseThrow().state()).isEqualTo(FileState.REPORTING);
        assertThat(ledger.reclaimStaleReporting(RENEWED, 10)).contains(d2.fileId());
    }
}
