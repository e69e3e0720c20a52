package id.jamsos.gateway.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as log lines on a logger of their own ({@value #LOGGER}), which operators route to
 * their own file. Not tamper-evident: the ledger's chained trail replaces it where that is needed.
 */
public final class LoggedAuditTrail implements AuditTrail {

    public static final String LOGGER = "id.jamsos.gateway.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    @Override
    public void record(AuditEvent e) {
        AUDIT.info("audit: {} {} agency={} action={} outcome={} subject={} detail={} from={}", e.actorKind(),
                e.actor(), e.agency(), e.action(), e.outcome(), e.subject(), e.detail(), e.clientAddress());
    }
}
