package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.StuckPending;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's sweep of PENDING rows whose job never left (routes/retention.camel.yaml, route
 * stuck-pending-sweep; {@link StuckPending}): parks them, counts them in
 * {@code jamsos_recovery_parked_rows_total} and warns with the file ids (never a NIK), so the operator
 * replays those files.
 */
public final class StuckPendingSweep {

    private static final Logger LOG = LoggerFactory.getLogger(StuckPendingSweep.class);

    private final StuckPending ledger;
    private final Duration stuckFor;
    private final Counter parkedRows;

    /** @param registry null: not counted (tests) */
    public StuckPendingSweep(StuckPending ledger, Duration stuckFor, MeterRegistry registry) {
        if (stuckFor.isNegative() || stuckFor.isZero()) {
            throw new IllegalArgumentException("jamsos.recovery.stuckPendingMinutes must be positive");
        }
        this.ledger = ledger;
        this.stuckFor = stuckFor;
        this.parkedRows = registry == null ? null : Counter.builder("jamsos.recovery.parked.rows")
                .description("PENDING rows parked because no job was left to decide them (replay sends them)")
                .register(registry);
    }

    /** One round: the rows parked, per file id. */
    public Map<Long, Integer> sweep() {
        Map<Long, Integer> parked = ledger.parkStuck(stuckFor);
        if (!parked.isEmpty()) {
            int rows = parked.values().stream().mapToInt(Integer::intValue).sum();
            if (parkedRows != null) {
                parkedRows.increment(rows);
            }
            LOG.warn("{} rows PENDING for more than {} minutes with no job to decide them were parked, files {}:"
                    + " replay them", rows, stuckFor.toMinutes(), parked.keySet());
        }
        return parked;
    }
}
