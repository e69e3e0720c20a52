package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ops.StuckPendingSweep;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows committed PENDING whose job never left (a release, a renewal or a replay that died between its
 * commit and its send): the leader's sweep parks them once no row of their file moved for the setting,
 * so that a replay sends them; rows of a file still moving, and rows sent recently, are left alone.
 */
abstract class StuckPendingContractTest extends LedgerDatabaseContract {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration STUCK = Duration.ofMinutes(60);

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private long file(Instant t, String name, int n, RowState state) {
        Ledger ledger = new Ledger(db.dataSource(), at(t));
        long file = ledger.registerFile("AG1", name, name.repeat(64).substring(0, 64), t).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        for (int r = 1; r <= n; r++) {
            rows.add(new LedgerRow(file, r, TestRows.nik(file, r), "Worker " + r, state, List.of(),
                    "key-" + file + "-" + r, null, null, 1_000_000L, null));
        }
        ledger.insertRows(file, rows);
        return file;
    }

    @Test
    void rowsWhoseJobNeverLeftAreParkedForReplayAndRowsInFlightAreNot() {
        // A waitlist release committed (rows PENDING), then the process died before the broker took the job.
        long released = file(T0, "waitlisted.csv", 2, RowState.WAITLISTED);
        BudgetLedger budget = new BudgetLedger(db.dataSource(), PersonalDataCipher.forTests(), at(T0));
        assertThat(budget.release(List.of(new RowKey(released, 1), new RowKey(released, 2)))).hasSize(2);
        // A replay reset its parked rows to PENDING, then its send threw.
        long replayed = file(T0, "replayed.csv", 1, RowState.PENDING);
        Ledger atT0 = new Ledger(db.dataSource(), at(T0));
        atT0.recordOutcomes(List.of(new RowOutcome(replayed, 1, RowState.PARKED, null, "timeout", "AG1", "Sorong")));
        assertThat(atT0.resetParkedToPending(replayed)).isEqualTo(1);
        // Sent 50 minutes later: its job may well be on the queue still.
        long recent = file(T0.plusSeconds(50 * 60), "recent.csv", 1, RowState.PENDING);
        // An old file whose rows are still being answered: the rest may be in the enroller's redelivery.
        long moving = file(T0, "moving.csv", 2, RowState.PENDING);
        new Ledger(db.dataSource(), at(T0.plusSeconds(55 * 60))).recordOutcomes(List.of(
                new RowOutcome(moving, 1, RowState.ENROLLED, TestRows.kpj(moving, 1), null, "AG1", "Sorong")));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StuckPendingSweep sweep = new StuckPendingSweep(
                new StuckPending(db.dataSource(), at(T0.plusSeconds(61 * 60))), STUCK, registry);
        Map<Long, Integer> parked = sweep.sweep();

        assertThat(parked).containsExactly(Map.entry(released, 2), Map.entry(replayed, 1));
        assertThat(registry.counter("jamsos.recovery.parked.rows").count()).isEqualTo(3.0);
        Ledger later = new Ledger(db.dataSource(), at(T0.plusSeconds(62 * 60)));
        assertThat(later.rowCounts(released).get(RowState.PARKED)).isEqualTo(2);
        assertThat(later.parkedRows(released, 10)).allSatisfy(r -> assertThat(r.lastError())
                .isEqualTo(StuckPending.REASON).contains("kirim ulang").contains("send it again"));
        // A parked row lets its NIK go, as every parked row does.
        assertThat(later.standingOf(List.of(TestRows.nik(released, 1)))).isEmpty();
        assertThat(later.rowCounts(recent).get(RowState.PENDING)).isEqualTo(1);
        assertThat(later.rowCounts(moving).get(RowState.PENDING)).isEqualTo(1);
        // The operator's replay takes them back, and a second round finds nothing more.
        assertThat(later.resetParkedToPending(released)).isEqualTo(2);
        assertThat(new StuckPendingSweep(new StuckPending(db.dataSource(), at(T0.plusSeconds(90 * 60))), STUCK, null)
                .sweep()).isEmpty();
    }
}
