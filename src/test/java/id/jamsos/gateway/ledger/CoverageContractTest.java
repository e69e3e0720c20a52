package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Periods of cover (V14): opened by an enrollment from the month enrolled in WIT, ended once with a
 * reason (by a paid JKM claim in the claim's own transaction), handed to another agency without a
 * month covered twice or not at all, opened at start for workers enrolled before the ledger kept them,
 * and read by the statement's query month by month.
 */
abstract class CoverageContractTest extends LedgerDatabaseContract {

    /** 00:30 WIT on 1 April 2026, still 31 March in UTC: April's enrollment. */
    private static final Instant ENROLLED = Instant.parse("2026-03-31T15:30:00Z");
    private static final Instant LATER = Instant.parse("2026-07-10T02:00:00Z");

    private Ledger ledger;
    private CoverageLedger coverage;
    private long file;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), Clock.fixed(ENROLLED, ZoneOffset.UTC));
        coverage = new CoverageLedger(db.dataSource(), Clock.fixed(LATER, ZoneOffset.UTC), CoverageLedger.DEFAULT_ZONE);
    }

    /** Three workers enrolled in one file (one row refused), before each test on emptied tables. */
    @BeforeEach
    void enrolThree() {
        file = ledger.registerFile("AG1", "maret.csv", "c".repeat(64), ENROLLED).fileId();
        ledger.insertRows(file, TestRows.allPending(file, 1, 4));
        ledger.completeIntake(file, 4, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(file, 1), TestRows.enrolled(file, 2),
                TestRows.enrolled(file, 3), new RowOutcome(file, 4, RowState.REFUSED, null, "ditolak", "AG1", null)));
    }

    @Test
    void anEnrollmentOpensCoverFromTheMonthEnrolledInTheCitysZone() {
        List<CoveragePeriod> periods = coverage.periods(kpj(file, 1));
        assertThat(periods).hasSize(1);
        CoveragePeriod p = periods.get(0);
        assertThat(p.firstMonth()).isEqualTo(YearMonth.of(2026, 4));
        assertThat(p.open()).isTrue();
        assertThat(p.agencyId()).isEqualTo("AG1");
        assertThat(p.openedBy()).isEqualTo(CoverageLedger.rowSource(file, 1));
        assertThat(coverage.coveredIn(YearMonth.of(2026, 3), null)).isZero();
        assertThat(coverage.coveredIn(YearMonth.of(2026, 4), null)).isEqualTo(3);
        assertThat(coverage.coveredIn(YearMonth.of(2027, 12), "AG1")).isEqualTo(3);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 4), "AG2")).isZero();
        // The refused row is nobody's cover.
        assertThat(coverage.periods(kpj(file, 4))).isEmpty();
    }

    @Test
    void coverEndsOnceWithItsFirstReason() {
        CoverageLedger.Ended ended = coverage.end(kpj(file, 1), YearMonth.of(2026, 6), EndReason.MOVED,
                CoverageLedger.rowSource(99, 7));
        assertThat(ended.outcome()).isEqualTo(CoverageLedger.EndOutcome.ENDED);
        assertThat(ended.period().lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(ended.period().endReason()).isEqualTo(EndReason.MOVED);
        assertThat(ended.period().endedAt()).isEqualTo(LATER);

        CoverageLedger.Ended again = coverage.end(kpj(file, 1), YearMonth.of(2026, 5), EndReason.WITHDRAWN,
                "command");
        assertThat(again.outcome()).isEqualTo(CoverageLedger.EndOutcome.NOT_COVERED);
        assertThat(again.period().endReason()).isEqualTo(EndReason.MOVED);
        assertThat(again.period().lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(coverage.end("NOBODY", YearMonth.of(2026, 6), EndReason.DIED, "x").period()).isNull();

        assertThat(coverage.coveredIn(YearMonth.of(2026, 6), null)).isEqualTo(3);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), null)).isEqualTo(2);
        assertThat(coverage.openPeriod(kpj(file, 1))).isEmpty();
        assertThat(coverage.openPeriod(kpj(file, 2))).isPresent();
    }

    @Test
    void theStatementsQueryReadsTheMonthsAPeriodCovers() {
        coverage.end(kpj(file, 2), YearMonth.of(2026, 5), EndReason.DIED, "claim:JKM-1");
        assertThat(coveredKpjs(YearMonth.of(2026, 3))).isEmpty();
        assertThat(coveredKpjs(YearMonth.of(2026, 5))).containsExactly(kpj(file, 1), kpj(file, 2), kpj(file, 3));
        assertThat(coveredKpjs(YearMonth.of(2026, 6))).containsExactly(kpj(file, 1), kpj(file, 3));
        assertThat(new FinanceLedger(db.dataSource()).workersByIncome(YearMonth.of(2026, 6)))
                .extracting(FinanceLedger.IncomeCount::workers).containsExactly(2L);
    }

    @Test
    void aHandoverSplitsTheMonthsBetweenTheAgencies() {
        CoverageLedger.Transfer t = coverage.transfer(kpj(file, 3), "AG2", YearMonth.of(2026, 8), "file:50/row:2")
                .orElseThrow();
        assertThat(t.ended().endReason()).isEqualTo(EndReason.TRANSFERRED);
        assertThat(t.ended().lastMonth()).isEqualTo(YearMonth.of(2026, 7));
        assertThat(t.opened().firstMonth()).isEqualTo(YearMonth.of(2026, 8));
        assertThat(t.opened().agencyId()).isEqualTo("AG2");
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), "AG1")).isEqualTo(3);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), "AG1")).isEqualTo(2);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), "AG2")).isEqualTo(1);
        for (YearMonth m = YearMonth.of(2026, 4); m.isBefore(YearMonth.of(2027, 1)); m = m.plusMonths(1)) {
            assertThat(coverage.coveredIn(m, null)).as("workers covered in %s", m).isEqualTo(3);
        }
        assertThat(ledger.findWorkerByKpj(kpj(file, 3))).hasValueSatisfying(w -> assertThat(w.agencyId())
                .isEqualTo("AG2"));
        List<CoveredWorker> august = new ArrayList<>();
        new FinanceLedger(db.dataSource()).forEachWorkerCoveredIn(YearMonth.of(2026, 8), "AG2", august::add);
        assertThat(august).extracting(CoveredWorker::kpj).containsExactly(kpj(file, 3));
        assertThat(august).extracting(CoveredWorker::nik).containsExactly(nik(file, 3));
        // A worker who is not covered cannot be handed over.
        coverage.end(kpj(file, 1), YearMonth.of(2026, 6), EndReason.WITHDRAWN, "command");
        assertThat(coverage.transfer(kpj(file, 1), "AG2", YearMonth.of(2026, 8), "x")).isEmpty();
    }

    @Test
    void aPaidDeathClaimEndsCoverInItsOwnTransactionAndOnlyOnce() {
        FinanceLedger finance = new FinanceLedger(db.dataSource());
        ClaimRecord claim = new ClaimRecord("JKM-1", "JKM", kpj(file, 2), nik(file, 2), 42_000_000L, "AG1", LATER,
                "{}");
        ClaimMessage message = new ClaimMessage("JKM-1", "finance", null, "{}", Map.of("messageType", "CLAIM_PAID"));
        assertThat(finance.recordClaim(claim, message, new CoverageEnd(kpj(file, 2), YearMonth.of(2026, 6),
                EndReason.DIED, "claim:JKM-1"))).isTrue();
        CoveragePeriod ended = coverage.periods(kpj(file, 2)).get(0);
        assertThat(ended.lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(ended.endReason()).isEqualTo(EndReason.DIED);
        assertThat(ended.endedBy()).isEqualTo("claim:JKM-1");
        // The same claim again (callback and pull both saw it) ends nothing more.
        assertThat(finance.recordClaim(claim, message, new CoverageEnd(kpj(file, 2), YearMonth.of(2026, 9),
                EndReason.DIED, "claim:JKM-1"))).isFalse();
        assertThat(coverage.periods(kpj(file, 2)).get(0).lastMonth()).isEqualTo(YearMonth.of(2026, 6));
        // Told to finance once.
        assertThat(coverage.unannounced(10)).extracting(CoveragePeriod::kpj).containsExactly(kpj(file, 2));
        coverage.markAnnounced(List.of(ended.id()), LATER);
        assertThat(coverage.unannounced(10)).isEmpty();
    }

    @Test
    void workersEnrolledBeforePeriodsExistedGetTheirsAtStartOnce() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM coverage_period");
        }
        assertThat(coverage.coveredIn(YearMonth.of(2026, 5), null)).isZero();
        assertThat(coverage.openMissing()).isEqualTo(3);
        assertThat(coverage.openMissing()).isZero();
        CoveragePeriod p = coverage.periods(kpj(file, 3)).get(0);
        assertThat(p.firstMonth()).isEqualTo(YearMonth.of(2026, 4));
        assertThat(p.openedBy()).isEqualTo("backfill");
        assertThat(coverage.coveredIn(YearMonth.of(2026, 5), null)).isEqualTo(3);
    }

    @Test
    void aDeathEndsCoverEvenWhenAnotherEndOrAHandoverCameFirst() {
        // An agency ended cover with September; the worker died in July: not billed for August either.
        coverage.end(kpj(file, 1), YearMonth.of(2026, 9), EndReason.MOVED, "file:7/row:2");
        assertThat(coverage.end(kpj(file, 1), YearMonth.of(2026, 7), EndReason.DIED, "claim:JKM-7").outcome())
                .isEqualTo(CoverageLedger.EndOutcome.ENDED);
        CoveragePeriod cut = coverage.periods(kpj(file, 1)).get(0);
        assertThat(cut.lastMonth()).isEqualTo(YearMonth.of(2026, 7));
        assertThat(cut.endReason()).isEqualTo(EndReason.DIED);
        assertThat(cut.endedBy()).isEqualTo("claim:JKM-7");
        // Handed over from September, dead in June: neither agency is billed after June.
        coverage.transfer(kpj(file, 2), "AG2", YearMonth.of(2026, 9), "file:8/row:2");
        coverage.end(kpj(file, 2), YearMonth.of(2026, 6), EndReason.DIED, "claim:JKM-8");
        for (CoveragePeriod p : coverage.periods(kpj(file, 2))) {
            assertThat(p.covers(YearMonth.of(2026, 7))).as("%s", p).isFalse();
            assertThat(p.endReason()).isEqualTo(EndReason.DIED);
        }
        assertThat(coverage.periods(kpj(file, 2)).get(0).covers(YearMonth.of(2026, 6))).isTrue();
        // July: worker 1 (dead in July) and worker 3; August: worker 3 alone.
        assertThat(coverage.coveredIn(YearMonth.of(2026, 7), null)).isEqualTo(2);
        assertThat(coverage.coveredIn(YearMonth.of(2026, 8), null)).isEqualTo(1);
        // A later end for another reason changes nothing on the dead.
        assertThat(coverage.end(kpj(file, 2), YearMonth.of(2026, 5), EndReason.WITHDRAWN, "x").outcome())
                .isEqualTo(CoverageLedger.EndOutcome.NOT_COVERED);
    }

    @Test
    void theBackfillEndsTheCoverOfAWorkerWhoseDeathBenefitWasAlreadyPaid() throws Exception {
        FinanceLedger finance = new FinanceLedger(db.dataSource());
        // Recorded before coverage periods existed: no period ends with it.
        assertThat(finance.recordClaim(new ClaimRecord("JKM-OLD", "JKM", kpj(file, 3), nik(file, 3), 42_000_000L,
                "AG1", Instant.parse("2026-05-10T01:00:00Z"), "{}"), new ClaimMessage("JKM-OLD", "finance", null, "{}",
                Map.of()))).isTrue();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM coverage_period");
        }
        assertThat(coverage.openMissing()).isEqualTo(3);
        CoveragePeriod dead = coverage.periods(kpj(file, 3)).get(0);
        assertThat(dead.lastMonth()).isEqualTo(YearMonth.of(2026, 5));
        assertThat(dead.endReason()).isEqualTo(EndReason.DIED);
        assertThat(dead.endedBy()).isEqualTo("claim:JKM-OLD");
        assertThat(coverage.coveredIn(YearMonth.of(2026, 6), null)).isEqualTo(2);
    }

    private List<String> coveredKpjs(YearMonth month) {
        List<String> kpjs = new ArrayList<>();
        new FinanceLedger(db.dataSource()).forEachWorkerCoveredIn(month, null, w -> kpjs.add(w.kpj()));
        return kpjs;
    }
}
