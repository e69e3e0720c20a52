package id.jamsos.gateway.ledger;

import static id.jamsos.gateway.ledger.TestRows.kpj;
import static id.jamsos.gateway.ledger.TestRows.nik;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.support.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker whose cover ended comes back (shared/domain.md: "coming back may need a new registration"):
 * the intake's look-up tells a re-enrollment from a worker still covered, in flight or dead; BPJS's
 * answer with the worker's own KPJ opens a new period from the month enrolled, the earlier ones kept
 * and no month covered twice; an answer recorded again opens nothing more; a dead worker is turned away.
 */
abstract class ReenrolmentContractTest extends LedgerDatabaseContract {

    /** 10 January 2026 in Sorong. */
    private static final Instant JANUARY = Instant.parse("2026-01-10T02:00:00Z");
    private static final Instant MAY = Instant.parse("2026-05-12T02:00:00Z");

    private final MutableClock clock = new MutableClock(JANUARY);
    private Ledger ledger;
    private CoverageLedger coverage;
    private long first;
    private String nik;
    private String kpj;

    @Override
    protected void migrated() {
        ledger = new Ledger(db.dataSource(), clock);
        coverage = new CoverageLedger(db.dataSource(), clock, CoverageLedger.DEFAULT_ZONE);
    }

    /** One worker enrolled in January by AG1. */
    @BeforeEach
    void enrolOne() {
        clock.set(JANUARY);
        first = ledger.registerFile("AG1", "januari.csv", "a".repeat(64), JANUARY).fileId();
        ledger.insertRows(first, List.of(TestRows.pending(first, 1)));
        ledger.completeIntake(first, 1, 0);
        ledger.recordOutcomes(List.of(TestRows.enrolled(first, 1)));
        nik = nik(first, 1);
        kpj = kpj(first, 1);
    }

    @Test
    void aWorkerWhoMovedAwayComesBackInANewPeriodAndNoMonthIsCoveredTwice() {
        coverage.end(kpj, YearMonth.of(2026, 2), EndReason.MOVED, "file:99/row:1");
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isInstanceOfSatisfying(NikStanding.CoverEnded.class,
                s -> {
                    assertThat(s.reason()).isEqualTo(EndReason.MOVED);
                    assertThat(s.lastMonth()).isEqualTo(YearMonth.of(2026, 2));
                    assertThat(s.refusal("Worker 1", null, "mei.csv", 2)).isNull();
                });

        clock.set(MAY);
        long again = comeBack("AG2", "Worker 1");
        // On its way: a second row of the NIK meanwhile is IN_PROGRESS, as for a newcomer.
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isInstanceOf(NikStanding.InFlight.class);

        RowOutcome answer = new RowOutcome(again, 2, RowState.ENROLLED, kpj, null, "AG2", "Sorong Barat");
        assertThat(ledger.recordOutcomes(List.of(answer))).isZero();

        assertThat(row(again, 2).state()).isEqualTo(RowState.ENROLLED);
        assertThat(row(again, 2).kpj()).isEqualTo(kpj);
        assertThat(coverage.periods(kpj)).extracting(p -> p.agencyId() + " " + p.firstMonth() + ".." + p.lastMonth()
                + " " + p.endReason() + " " + p.openedBy()).containsExactly(
                "AG1 2026-01..2026-02 MOVED " + CoverageLedger.rowSource(first, 1),
                "AG2 2026-05..null null " + CoverageLedger.rowSource(again, 2));
        WorkerEnrollment worker = ledger.findWorkerByNik(nik).orElseThrow();
        assertThat(worker.fileId()).isEqualTo(first);
        assertThat(worker.agencyId()).isEqualTo("AG2");
        assertThat(ledger.standingOf(List.of(nik)).get(nik)).isInstanceOf(NikStanding.Enrolled.class);
        assertThat(ledger.reenrolments(again)).isEqualTo(Map.of(2, YearMonth.of(2026, 5)));
        assertThat(ledger.reenrolments(first)).isEmpty();

        // What statements bill: the months of both periods, once each, and none between.
        for (YearMonth m = YearMonth.of(2025, 12); m.isBefore(YearMonth.of(2026, 8)); m = m.plusMonths(1)) {
            boolean covered = !m.isBefore(YearMonth.of(2026, 1)) && !m.isAfter(YearMonth.of(2026, 2))
                    || !m.isBefore(YearMonth.of(2026, 5));
            assertThat(coveredKpjs(m)).as("billed in %s", m).isEqualTo(covered ? List.of(kpj) : List.of());
        }

        // The income the comeback row declares holds from the new period on; January keeps the first one.
        Long januaryIncome = incomeIn(YearMonth.of(2026, 1));
        assertThat(incomeIn(YearMonth.of(2026, 5))).isEqualTo(1_500_000L).isNotEqualTo(januaryIncome);
        assertThat(incomeIn(YearMonth.of(2026, 7))).isEqualTo(1_500_000L);

        // BPJS's answer recorded again (a redelivery, a job sent again after a crash): nothing more opens,
        // not even once the new period has ended in turn.
        assertThat(ledger.recordOutcomes(List.of(answer))).isZero();
        coverage.end(kpj, YearMonth.of(2026, 6), EndReason.WITHDRAWN, "command");
        assertThat(ledger.recordOutcomes(List.of(answer))).isZero();
        assertThat(coverage.periods(kpj)).hasSize(2);
        assertThat(row(again, 2).state()).isEqualTo(RowState.ENROLLED);
    }

    @Test
    void coverEndingLaterThanTheMonthEnrolledGoesOnFromTheMonthAfter() {
        clock.set(MAY);
        coverage.end(kpj, YearMonth.of(2026, 6), EndReason.OTHER_PAYER, "command");
        long again = comeBack("AG1", "worker  1");

        assertThat(ledger.recordOutcomes(List.of(new RowOutcome(again, 2, RowState.ENROLLED, kpj, null, "AG1", null))))
                .isZero();

        assertThat(coverage.periods(kpj)).extracting(p -> p.firstMonth() + ".." + p.lastMonth())
                .containsExactly("2026-01..2026-06", "2026-07..null");
    }

    @Test
    void aWorkerWhoDiedIsNeverEnrolledAgain() {
        coverage.end(kpj, YearMonth.of(2026, 3), EndReason.DIED, "claim:JKM-1");
        NikStanding standing = ledger.standingOf(List.of(nik)).get(nik);
        RowRejection why = standing.refusal("Worker 1", null, "mei.csv", 7);
        assertThat(why.field()).isEqualTo("NIK");
        assertThat(why.code()).isEqualTo(NikStanding.DECEASED);
        assertThat(why.messageId()).contains("Berkas mei.csv, baris 7, kolom NIK", "meninggal dunia", kpj, "2026-03");
        assertThat(why.messageEn()).contains("File mei.csv, row 7, field NIK", "deceased", kpj, "2026-03");

        // Should a row reach BPJS all the same (sent before this check), its answer enrols nobody.
        clock.set(MAY);
        long again = comeBack("AG1", "Worker 1");
        assertThat(ledger.recordOutcomes(List.of(new RowOutcome(again, 2, RowState.ENROLLED, kpj, null, "AG1", null))))
                .isEqualTo(1);
        LedgerRow refused = row(again, 2);
        assertThat(refused.state()).isEqualTo(RowState.REJECTED);
        assertThat(refused.reasons()).extracting(RowRejection::code).containsExactly(NikStanding.DECEASED);
        assertThat(refused.reasons().get(0).messageEn()).contains("File mei.csv, row 2, field NIK");
        assertThat(coverage.periods(kpj)).hasSize(1);
    }

    @Test
    void aWorkerStillCoveredStaysAlreadyEnrolled() {
        RowRejection why = ledger.standingOf(List.of(nik)).get(nik).refusal("Worker 1", null, "mei.csv", 2);
        assertThat(why.code()).isEqualTo(NikStanding.ALREADY_ENROLLED);

        long again = comeBack("AG1", "Worker 1");
        assertThat(ledger.recordOutcomes(List.of(new RowOutcome(again, 2, RowState.ENROLLED, kpj, null, "AG1", null))))
                .isEqualTo(1);
        assertThat(row(again, 2).reasons()).extracting(RowRejection::code)
                .containsExactly(NikStanding.ALREADY_ENROLLED);
        assertThat(coverage.periods(kpj)).hasSize(1);
    }

    @Test
    void anotherPersonUnderTheNikOfAWorkerWhoseCoverEndedIsADataConflict() {
        coverage.end(kpj, YearMonth.of(2026, 2), EndReason.LAPSED, "lapse:2026-02");
        RowRejection why = ledger.standingOf(List.of(nik)).get(nik).refusal("Orang Lain", null, "mei.csv", 2);
        assertThat(why.code()).isEqualTo(NikStanding.DATA_CONFLICT);
    }

    /** A DAFTAR row of a file received now naming the worker's NIK: row 2, PENDING. */
    private long comeBack(String agency, String name) {
        long file = ledger.registerFile(agency, "mei.csv", "b".repeat(64), clock.instant()).fileId();
        ledger.insertRows(file, List.of(new LedgerRow(file, 2, nik, name, RowState.PENDING, List.of(),
                "key-back-" + file, null, null, 1_500_000L, (LocalDate) null)));
        ledger.completeIntake(file, 1, 0);
        return file;
    }

    private LedgerRow row(long fileId, int rowNo) {
        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(fileId, r -> {
            if (r.rowNo() == rowNo) {
                rows.add(r);
            }
        });
        return rows.get(0);
    }

    private Long incomeIn(YearMonth month) {
        List<Long> incomes = new ArrayList<>();
        new FinanceLedger(db.dataSource()).forEachCoveredByKpj(month, null, w -> incomes.add(w.monthlyIncome()));
        assertThat(incomes).hasSize(1);
        return incomes.get(0);
    }

    private List<String> coveredKpjs(YearMonth month) {
        List<String> kpjs = new ArrayList<>();
        new FinanceLedger(db.dataSource()).forEachWorkerCoveredIn(month, null, w -> kpjs.add(w.kpj()));
        return kpjs;
    }
}
