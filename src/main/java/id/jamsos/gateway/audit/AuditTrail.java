package id.jamsos.gateway.audit;

import java.util.List;

/**
 * Where the actions an audit must answer for are recorded (docs/security.md, docs/audit.md): logins,
 * uploads, replays, lookups, exports, config reloads, full-NIK views, registry and BPJS lookups. The bean
 * {@code auditTrail} in the registry ({@link LedgerAuditTrail}: the chained ledger trail and a log line);
 * every caller records through this interface.
 *
 * <p>Recording never throws: an action that was done is not undone because its record could not be
 * written (see {@link LedgerAuditTrail} for what happens instead).
 */
public interface AuditTrail {

    void record(AuditEvent event);

    /** Several events of one action (a batch of lookups), kept together where the trail can. */
    default void recordAll(List<AuditEvent> events) {
        events.forEach(this::record);
    }
}
