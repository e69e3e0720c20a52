package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's own meters, in the same Prometheus registry as Camel's route metrics. Names (as
 * Prometheus shows them): jamsos_rows{state}, jamsos_queue_depth{queue}, jamsos_dead_letters{queue,on},
 * jamsos_enrollment_seconds, jamsos_delivery_retries_total, jamsos_deliveries_total{outcome},
 * jamsos_claims_published_total, jamsos_replayed_rows_total, jamsos_claims_service_level_total{type,outcome}
 * and jamsos_claims_age_working_days{type} (claims recorded, against their type's service level).
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry;
    private final DeliveryHistory history;
    private final Timer enrollment;
    private final Counter retries;
    private final Counter delivered;
    private final Counter failed;
    private final Counter claimsPublished;
    private final Counter replayedRows;
    private final RowCountCache rowCounts;

    public GatewayMetrics(OpsQueries queries, QueueDepths queueDepths, Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.history = new DeliveryHistory(clock, 180);
        this.rowCounts = new RowCountCache(queries, clock, Duration.ofSeconds(10));
        for (RowState state : RowState.values()) {
            Gauge.builder("jamsos.rows", rowCounts, c -> c.get(state))
                    .description("Rows in the ledger in this state (all files)")
                    .tag("state", state.name()).register(registry);
        }
        for (String queue : queueDepths.queues()) {
            Gauge.builder("jamsos.queue.depth", queueDepths, q -> q.depths().getOrDefault(queue, QueueDepths.UNKNOWN))
                    .description("Messages waiting on the queue, capped at " + queueDepths.cap() + "; -1 when unknown")
                    .tag("queue", queue).register(registry);
        }
        // Dead letters of each gateway queue wherever the broker put them, so one alert
        // (jamsos_dead_letters > 0) fires on a broker set up as deploy/activemq and on a stock one.
        QueueDepths.DeadLetters dead = queueDepths.deadLetters();
        for (String origin : dead.origins()) {
            deadLetterGauge(queueDepths, origin, dead.perQueue(origin), dead.perQueue(origin));
            if (dead.sharedWatched()) {
                deadLetterGauge(queueDepths, origin, dead.sharedQueue(), dead.shared(origin));
            }
        }
        enrollment = Timer.builder("jamsos.enrollment").description("Time to decide one enrollment job, retries included")
                .publishPercentileHistogram(false).register(registry);
        retries = Counter.builder("jamsos.delivery.retries").description("Redeliveries to the endpoint").register(registry);
        delivered = Counter.builder("jamsos.deliveries").tag("outcome", "decided")
                .description("Enrollment jobs by outcome").register(registry);
        failed = Counter.builder("jamsos.deliveries").tag("outcome", "parked")
                .description("Enrollment jobs by outcome").register(registry);
        claimsPublished = Counter.builder("jamsos.claims.published").description("Claim messages sent to finance")
                .register(registry);
        replayedRows = Counter.builder("jamsos.replayed.rows").description("Parked rows queued again by an operator")
                .register(registry);
    }

    private void deadLetterGauge(QueueDepths queueDepths, String origin, String on, String key) {
        Gauge.builder("jamsos.dead.letters", queueDepths, q -> q.depths().getOrDefault(key, QueueDepths.UNKNOWN))
                .description("Dead letters from the queue, on the dead letter queue 'on'; capped at "
                        + queueDepths.cap() + "; -1 when unknown")
                .tags("queue", origin, "on", on).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public DeliveryHistory history() {
        return history;
    }

    /** One failed attempt that will be tried again. */
    public void retry() {
        retries.increment();
        history.record(true);
    }

    /** A job's last attempt ended: decided by the endpoint, or parked. */
    public void jobFinished(Duration took, boolean parked) {
        enrollment.record(took);
        (parked ? failed : delivered).increment();
        history.record(parked);
    }

    public void claimsPublished(int n) {
        claimsPublished.increment(n);
    }

    /**
     * A claim recorded now, against its type's service level: counted as {@code within} or {@code late}
     * ({@code jamsos_claims_service_level_total}), its age in working days in a summary
     * ({@code jamsos_claims_age_working_days}). Tagged by claim type: only the catalogue's types come here.
     */
    public void claimServiceLevel(String type, int workingDays, boolean late) {
        Counter.builder("jamsos.claims.service.level").tag("type", type).tag("outcome", late ? "late" : "within")
                .description("Claims recorded, paid within or after their type's service level (working days)")
                .register(registry).increment();
        DistributionSummary.builder("jamsos.claims.age.working.days").tag("type", type)
                .description("Working days from the event (or the gateway's receipt) to payment, per claim recorded")
                .register(registry).record(workingDays);
    }

    public void rowsReplayed(int n) {
        replayedRows.increment(n);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Row counts are one GROUP BY over the whole ledger: asked at most once per TTL. */
    static final class RowCountCache {
        private final OpsQueries queries;
        private final Clock clock;
        private final long ttlMillis;
        private Map<RowState, Long> counts = Map.of();
        private long at = Long.MIN_VALUE;

        RowCountCache(OpsQueries queries, Clock clock, Duration ttl) {
            this.queries = queries;
            this.clock = clock;
            this.ttlMillis = ttl.toMillis();
        }

        synchronized double get(RowState state) {
            long now = clock.millis();
            if (at == Long.MIN_VALUE || now - at >= ttlMillis) {
                try {
                    counts = queries.rowCountsAll();
                } catch (RuntimeException e) {
                    counts = Map.of();
                }
                at = now;
            }
            Long n = counts.get(state);
            return n == null ? Double.NaN : n;
        }
    }
}
