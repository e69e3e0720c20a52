package id.jamsos.gateway.finance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The account's state as the metrics and the status page show it: {@link PaymentDesk#arrears()} asked at
 * most once per {@code ttl} (it reads the invoices, the payments and the covered workers of each month),
 * so that a scrape or a page does not query the ledger each time. The notices route refreshes it at
 * each check. Meters: jamsos_arrears_months (months unpaid after their due date),
 * jamsos_arrears_outstanding_rupiah (what they still owe) and jamsos_arrears_consecutive_months (the
 * run that reaches the latest month past due: BPJS lapses the cohort at 3).
 */
public final class ArrearsWatch {

    private final Supplier<Arrears.Summary> source;
    private final Clock clock;
    private final long ttlMillis;
    private Arrears.Summary last;
    private long at = Long.MIN_VALUE;

    public ArrearsWatch(Supplier<Arrears.Summary> source, Clock clock, Duration ttl) {
        this.source = source;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** The account now, or as read within the ttl; null when the ledger could not be read yet. */
    public synchronized Arrears.Summary current() {
        long now = clock.millis();
        if (last == null || now - at >= ttlMillis) {
            try {
                refresh(source.get());
            } catch (RuntimeException e) {
                // The last state read stays shown; the ledger's own health check says it is down.
                at = now;
            }
        }
        return last;
    }

    /** What the notices route just worked out. */
    public synchronized void refresh(Arrears.Summary summary) {
        last = summary;
        at = clock.millis();
    }

    public void meters(MeterRegistry registry) {
        Gauge.builder("jamsos.arrears.months", this, w -> value(w, s -> s.monthsInArrears()))
                .description("Months unpaid after their due date (BPJS sets the members non-active after 3 in a row)")
                .register(registry);
        Gauge.builder("jamsos.arrears.outstanding.rupiah", this, w -> value(w, s -> s.outstandingInArrears()))
                .description("What the months in arrears still owe, whole rupiah").register(registry);
        Gauge.builder("jamsos.arrears.consecutive.months", this, w -> value(w, s -> s.consecutive()))
                .description("Consecutive months in arrears up to the latest month past due").register(registry);
    }

    private static double value(ArrearsWatch w, java.util.function.ToDoubleFunction<Arrears.Summary> f) {
        Arrears.Summary s = w.current();
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }
}
