package id.jamsos.gateway.notify;

import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.NotificationLedger.State;
import id.jamsos.gateway.ops.StatusView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How many notifications are in each state, as the metrics, the health details and the status page show them
 * (review finding 1): UNCERTAIN (interrupted while being sent: may have arrived) and FAILED (refused by both
 * channels, or unreadable) wait for an operator, and nothing else says so. One {@code GROUP BY state} over the
 * outbox (index notification_due_ix), asked at most once per {@code ttl} as the row gauges are
 * (ops/GatewayMetrics): a scrape, a health call or a page does not query the ledger each time.
 */
public final class NotificationWatch implements Supplier<StatusView.Notifications> {

    /** The states the page and the health details show, in their order. */
    static final List<State> SHOWN = List.of(State.QUEUED, State.SENT, State.DELIVERED, State.UNCERTAIN, State.FAILED);

    private final NotificationLedger ledger;
    private final Clock clock;
    private final long ttlMillis;
    private Map<State, Long> counts;
    private long at = Long.MIN_VALUE;

    public NotificationWatch(NotificationLedger ledger, Clock clock, Duration ttl) {
        this.ledger = ledger;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** Counts per state (every state present), or null while the ledger could not be read yet. */
    public synchronized Map<State, Long> counts() {
        long now = clock.millis();
        if (at == Long.MIN_VALUE || now - at >= ttlMillis) {
            try {
                counts = ledger.counts();
            } catch (RuntimeException e) {
                // The last counts read stay shown; the ledger's own health check says it is down.
            }
            at = now;
        }
        return counts;
    }

    /** jamsos_notifications_state{state}: messages in each state now (NaN while unknown). */
    public void meters(MeterRegistry registry) {
        for (State state : State.values()) {
            Gauge.builder("jamsos.notifications.state", this, w -> {
                Map<State, Long> c = w.counts();
                return c == null ? Double.NaN : c.getOrDefault(state, 0L);
            }).description("Worker notifications in this state now (UNCERTAIN and FAILED wait for an operator)")
                    .tag("state", state.name()).register(registry);
        }
    }

    /** UNCERTAIN and FAILED together: what waits for an operator; 0 while unknown. */
    public long waiting() {
        Map<State, Long> c = counts();
        return c == null ? 0 : c.get(State.UNCERTAIN) + c.get(State.FAILED);
    }

    /** The status page's line: counts, and the hint while some wait for an operator; null while unknown. */
    @Override
    public StatusView.Notifications get() {
        Map<State, Long> c = counts();
        if (c == null) {
            return null;
        }
        List<StatusView.Stat> stats = SHOWN.stream().map(s -> new StatusView.Stat(String.format(Locale.ROOT, "%,d",
                // DELIVERED includes READ: both reached the phone.
                s == State.DELIVERED ? c.get(State.DELIVERED) + c.get(State.READ) : c.get(s)),
                s.name().toLowerCase(Locale.ROOT))).toList();
        String hint = c.get(State.UNCERTAIN) + c.get(State.FAILED) == 0 ? null
                : c.get(State.UNCERTAIN) + " pesan tidak pasti terkirim, " + c.get(State.FAILED) + " gagal: periksa dengan"
                        + " / " + c.get(State.UNCERTAIN) + " uncertain, " + c.get(State.FAILED) + " failed: check with"
                        + " `notify list --state UNCERTAIN` (and --state FAILED), then `notify resend --id N` or leave it"
                        + " (docs/notifications.md)";
        return new StatusView.Notifications(stats, hint);
    }

    /** For the health check's details: each shown state's count by its lower-case name. */
    Map<String, Object> details() {
        Map<State, Long> c = counts();
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        if (c != null) {
            for (State s : SHOWN) {
                d.put(s.name().toLowerCase(Locale.ROOT), s == State.DELIVERED ? c.get(State.DELIVERED) + c.get(State.READ)
                        : c.get(s));
            }
        }
        return d;
    }
}
