package id.jamsos.gateway.audit;

/**
 * Where the actions an audit must answer for are recorded (docs/security.md): logins, uploads,
 * replays, lookups, exports, config reloads, full-NIK views, registry and BPJS lookups. The bean
 * {@code auditTrail} in the registry; every caller records through this interface.
 */
public interface AuditTrail {

    void record(AuditEvent event);
}
