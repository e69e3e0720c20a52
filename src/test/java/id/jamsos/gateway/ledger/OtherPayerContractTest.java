package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows another payer covers (V36): an OTHER_PAYER outcome keeps the member's KPJ and the bilingual reason
 * on its row, makes no worker and no period of cover (nothing billed, nothing planned in the budget), is
 * counted in the file's counts, and what finance is told is recorded in the same transaction, once; a
 * finding from a covered worker's status names the period's agency.
 */
abstract class OtherPayerContractTest extends LedgerDatabaseContract {

    private static final Instant ENROLLED = Instant.parse("2026-03-31T15:30:00Z");

    private Ledger ledger;
    private CoverageLedger coverage;
    private OtherPayerLedger others;
    private BudgetLedger budget;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        coverage = new CoverageLedger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC), CoverageLedger.DEFAULT_ZONE);
        others = new OtherPayerLedger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
    }

    private static OtherPayerLedger.Found found(long file, int row, String kpj) {
        return new OtherPayerLedger.Found(OtherPayerLedger.Found.rowSource(file, row), kpj, "9271********0002", "AG1",
                file, row, null, "CSR", "GNL-01", "GN Lingkaran", YearMonth.of(2026, 4));
    }

    @Test
    void anOtherPayerRowMakesNoWorkerNoCoverAndItsFindingIsRecordedOnce() {
        long file = ledger.registerFile("AG1", "maret.csv", "d".repeat(64), ENROLLED).fileId();
        ledger.insertRows(file, TestRows.allPending(file, 1, 2));
        ledger.completeIntake(file, 2, 0);
        assertThat(budget.waiting()).extracting(BudgetLedger.WaitingCount::rows).containsExactly(2L);
        String reason = "Sudah menjadi peserta aktif ... (KPJ 05K40080002) / Already an active member ... (KPJ 05K40080002)";
        List<RowOutcome> outcomes = List.of(TestRows.enrolled(file, 1),
                new RowOutcome(file, 2, RowState.OTHER_PAYER, "05K40080002", reason, "AG1", "Sorong"));

        ledger.recordOutcomes(outcomes, List.of(found(file, 2, "05K40080002")));
        // The same answer again (a redelivery): nothing changes, the finding is not doubled.
        ledger.recordOutcomes(outcomes, List.of(found(file, 2, "05K40080002")));

        Map<RowState, Integer> counts = ledger.rowCounts(file);
        assertThat(counts).containsEntry(RowState.OTHER_PAYER, 1).containsEntry(RowState.ENROLLED, 1)
                .containsEntry(RowState.PENDING, 0);
        ledger.forEachRow(file, r -> {
            if (r.rowNo() == 2) {
                assertThat(r.state()).isEqualTo(RowState.OTHER_PAYER);
                assertThat(r.kpj()).isEqualTo("05K40080002");
                assertThat(r.lastError()).isEqualTo(reason);
            }
        });
        assertThat(ledger.findWorkerByKpj("05K40080002")).isEmpty();
        assertThat(coverage.periods("05K40080002")).isEmpty();
        assertThat(coverage.coveredIn(YearMonth.of(2026, 4), null)).isEqualTo(1);
        // No longer waiting on the budget: what it held is free again.
        assertThat(budget.waiting()).isEmpty();

        List<OtherPayerLedger.Finding> unannounced = others.unannounced(10);
        assertThat(unannounced).singleElement().satisfies(f -> {
            assertThat(f.found()).isEqualTo(found(file, 2, "05K40080002"));
            assertThat(f.agencyId()).isEqualTo("AG1");
            assertThat(f.foundAt()).isEqualTo(ENROLLED);
        });
        // The worker's story, by NIK or by the KPJ of the other payer's membership: the row, its state and why.
        WorkerStory stories = new WorkerStory(db.dataSource(), PersonalDataCipher.forTests());
        WorkerStory.Story story = stories.byKpj("05K40080002").orElseThrow();
        assertThat(story.nik()).isEqualTo(TestRows.nik(file, 2));
        assertThat(story.covered()).isFalse();
        assertThat(story.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(WorkerStory.Kind.FILE_ROW);
            assertThat(e.detail("state")).isEqualTo("OTHER_PAYER");
            assertThat(e.detail("kpj")).isEqualTo("05K40080002");
            assertThat(e.detail("reasons")).isEqualTo(reason);
        });
        assertThat(stories.byNik(TestRows.nik(file, 2)).orElseThrow().events()).isEqualTo(story.events());
        others.markAnnounced(unannounced.get(0).found().source(), ENROLLED.plusSeconds(5));
        assertThat(others.unannounced(10)).isEmpty();
        assertThat(others.ofKpj("05K40080002")).singleElement()
                .satisfies(f -> assertThat(f.announcedAt()).isEqualTo(ENROLLED.plusSeconds(5)));
    }

    @Test
    void anOtherPayerRowOfAPersonCoveredByAnotherFileEndsThatCoverInTheSameTransactionOnce() {
        // File A enrolled the person at the city's cost (cover from April 2026).
        long a = ledger.registerFile("AG1", "a.csv", "a".repeat(64), ENROLLED).fileId();
        ledger.insertRows(a, TestRows.allPending(a, 1, 1));
        ledger.completeIntake(a, 1, 0);
        String kpj = TestRows.kpj(a, 1);
        ledger.recordOutcomes(List.of(TestRows.enrolled(a, 1)));
        CoveragePeriod open = coverage.openPeriod(kpj).orElseThrow();
        assertThat(open.firstMonth()).isEqualTo(YearMonth.of(2026, 4));
        // File B's row of the same NIK (a parked row replayed) is found paid by an employer from May.
        long b = ledger.registerFile("AG2", "b.csv", "b".repeat(64), ENROLLED).fileId();
        ledger.insertRows(b, List.of(new LedgerRow(b, 1, TestRows.nik(a, 1), "Sama", RowState.PENDING, List.of(),
                "key-b-1", null, null)));
        ledger.completeIntake(b, 1, 0);
        List<RowOutcome> outcome = List.of(new RowOutcome(b, 1, RowState.OTHER_PAYER, kpj, "other / other", "AG2", null));
        OtherPayerLedger.Found finding = new OtherPayerLedger.Found(OtherPayerLedger.Found.rowSource(b, 1), kpj,
                "9271********0001", "AG2", b, 1, null, "PEMBERI_KERJA", "NPP-1", "PT Sorong Jaya", YearMonth.of(2026, 4));
        Map<String, String> since = Map.of(finding.source(), "2026-05");

        ledger.recordOutcomes(outcome, List.of(finding), since);
        // A redelivery: nothing ends twice, the finding is not doubled.
        ledger.recordOutcomes(outcome, List.of(finding), since);

        CoveragePeriod ended = coverage.periods(kpj).get(0);
        assertThat(ended.id()).isEqualTo(open.id());
        assertThat(ended.endReason()).isEqualTo(EndReason.OTHER_PAYER);
        assertThat(ended.lastMonth()).isEqualTo(YearMonth.of(2026, 4));
        assertThat(ended.endedBy()).isEqualTo("other-payer:2026-05");
        assertThat(coverage.periods(kpj)).hasSize(1);
        assertThat(others.ofKpj(kpj)).singleElement().satisfies(f -> {
            assertThat(f.found().source()).isEqualTo(finding.source());
            assertThat(f.found().periodId()).isEqualTo(open.id());
            assertThat(f.found().fromMonth()).isEqualTo(YearMonth.of(2026, 5));
        });
        // Finance is told the end of cover once (COVERAGE_ENDED from the period).
        assertThat(coverage.unannounced(10)).extracting(CoveragePeriod::id).containsExactly(open.id());
    }

    @Test
    void aReplayedRowWhoseKpjIsNotTheOpenPeriodsRecordsItsFindingAndLeavesTheCityCoverToThePayerRound() {
        long a = ledger.registerFile("AG1", "a.csv", "a".repeat(64), ENROLLED).fileId();
        ledger.insertRows(a, TestRows.allPending(a, 1, 1));
        ledger.completeIntake(a, 1, 0);
        String kpj = TestRows.kpj(a, 1);
        ledger.recordOutcomes(List.of(TestRows.enrolled(a, 1)));
        CoveragePeriod open = coverage.openPeriod(kpj).orElseThrow();
        // File B's row of the same NIK: BPJS's look-up names another membership (another KPJ) and another payer,
        // e.g. a pembayar misread. One row passes no share guard: the city's cover stays open.
        long b = ledger.registerFile("AG2", "b.csv", "b".repeat(64), ENROLLED).fileId();
        ledger.insertRows(b, List.of(new LedgerRow(b, 1, TestRows.nik(a, 1), "Sama", RowState.PENDING, List.of(),
                "key-b-1", null, null)));
        ledger.completeIntake(b, 1, 0);
        String otherKpj = "99X00000001";
        List<RowOutcome> outcome = List.of(new RowOutcome(b, 1, RowState.OTHER_PAYER, otherKpj, "other / other", "AG2", null));
        OtherPayerLedger.Found finding = new OtherPayerLedger.Found(OtherPayerLedger.Found.rowSource(b, 1), otherKpj,
                "9271********0001", "AG2", b, 1, null, "PEMDA", "9271", "Pemerintah Kota Sorong", YearMonth.of(2026, 4));

        ledger.recordOutcomes(outcome, List.of(finding), Map.of(finding.source(), "2026-05"));

        assertThat(coverage.openPeriod(kpj)).as("the city's cover is left to the next payer round").isPresent()
                .get().extracting(CoveragePeriod::id).isEqualTo(open.id());
        assertThat(others.ofKpj(otherKpj)).as("the finding is recorded, tied to no period").singleElement()
                .satisfies(f -> assertThat(f.found().periodId()).isNull());
        assertThat(coverage.unannounced(10)).as("no end of cover told").isEmpty();
    }

    @Test
    void aStatusFindingNamesThePeriodsAgency() {
        long file = ledger.registerFile("AG7", "april.csv", "e".repeat(64), ENROLLED).fileId();
        ledger.insertRows(file, TestRows.allPending(file, 1, 1));
        ledger.completeIntake(file, 1, 0);
        String kpj = TestRows.kpj(file, 1);
        ledger.recordOutcomes(List.of(new RowOutcome(file, 1, RowState.ENROLLED, kpj, null, "AG7", "Sorong")));
        CoveragePeriod period = coverage.periods(kpj).get(0);
        coverage.end(kpj, YearMonth.of(2026, 5), EndReason.OTHER_PAYER, "other-payer:2026-06");

        others.record(List.of(new OtherPayerLedger.Found(OtherPayerLedger.Found.periodSource(period.id()), kpj, null,
                null, null, null, period.id(), "PEMBERI_KERJA", "NPP-1", "PT Sorong Jaya", YearMonth.of(2026, 6))));

        assertThat(others.unannounced(10)).singleElement().satisfies(f -> {
            assertThat(f.agencyId()).isEqualTo("AG7");
            assertThat(f.found().periodId()).isEqualTo(period.id());
            assertThat(f.found().fileId()).isNull();
            assertThat(f.found().rowNo()).isNull();
            assertThat(f.found().fromMonth()).isEqualTo(YearMonth.of(2026, 6));
        });
    }
}
