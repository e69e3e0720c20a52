package id.jamsos.gateway.audit;

import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.LedgerException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of issue 18: each event is a log line on the audit logger ({@link LoggedAuditTrail},
 * written first, so it is there whatever the database does) and an entry of the chained trail in the
 * ledger ({@link AuditLedger}, V33), in the caller's thread, before the caller answers.
 *
 * <p>When the append fails (the ledger does not answer, or the audit head was changed outside the
 * gateway and its HMAC no longer holds) the action goes on: the failure is logged at ERROR with the
 * event's action and actor, and counted in {@code jamsos.audit.append.failures}, which operators alarm on.
 * Refusing instead was weighed and not chosen: the action's own ledger write would mostly have failed
 * with the same database, so refusing adds little there; and where only the audit part fails (a changed
 * head) refusing would let whoever changed it stop every clerk and operator, while the log line still
 * records the action and the alarm and {@code audit verify} point at the damage.
 */
public final class LedgerAuditTrail implements AuditTrail {

    /** The counter of events the ledger could not take (each still has its log line). */
    public static final String FAILURES = "jamsos.audit.append.failures";
    private static final Logger LOG = LoggerFactory.getLogger(LedgerAuditTrail.class);

    private final AuditLedger ledger;
    private final AuditTrail log = new LoggedAuditTrail();
    private final Counter failures;

    public LedgerAuditTrail(AuditLedger ledger, MeterRegistry meters) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.failures = Counter.builder(FAILURES)
                .description("Audit events the ledger could not append (each is still in the audit log)")
                .register(meters);
    }

    @Override
    public void record(AuditEvent event) {
        recordAll(List.of(event));
    }

    @Override
    public void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        events.forEach(log::record);
        try {
            ledger.appendAll(events);
        } catch (RuntimeException e) {
            // Any failure, not only the ledger's: recording never throws into the caller's action.
            failures.increment(events.size());
            AuditEvent first = events.get(0);
            LOG.error("audit: {} event(s) not appended to the audit trail in the ledger (first: {} {} action={}),"
                    + " the action went on and its audit log line stands: {}", events.size(), first.actorKind(),
                    first.actor(), first.action(), LedgerException.causeChain(e));
        }
    }

    /** Events not appended since start. */
    public double failures() {
        return failures.count();
    }
}
