package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditJob;
import id.jamsos.gateway.audit.AuditKey;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LedgerAuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.GatewayMetrics;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The audit trail (issue 18, docs/audit.md): the chained trail in the ledger, the {@code auditTrail} every
 * audited action records through, its daily verify and its retention. A part of
 * {@link GatewayConfiguration}, in a class of its own to keep each under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration}).
 */
public final class AuditConfiguration extends ConfigurationPart {

    AuditConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                       ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    /** The key from jamsos.audit.hmacKey, or derived from the personal-data key when that is not set (AuditKey). */
    @BindToRegistry(lazy = true)
    public AuditLedger auditLedger(@PropertyInject(value = AuditKey.SETTING, defaultValue = "") String hmacKey) {
        return new AuditLedger(dataSource, AuditKey.of(hmacKey, pii), clock);
    }

    /** Every caller records audited actions through this one bean: a log line and the ledger's chain. */
    @BindToRegistry(lazy = true)
    public AuditTrail auditTrail(AuditLedger ledger, GatewayMetrics metrics) {
        return new LedgerAuditTrail(ledger, metrics.registry());
    }

    /** The leader's daily verify (routes/audit.camel.yaml) and the trail's retention (routes/retention.camel.yaml). */
    @BindToRegistry(lazy = true)
    public AuditJob auditJob(AuditLedger ledger, GatewayMetrics metrics,
            @PropertyInject("jamsos.retention.auditMonths") int months,
            @PropertyInject("jamsos.retention.batchSize") int batchSize) {
        return new AuditJob(ledger, months, batchSize, clock, metrics.registry());
    }

    /** A detail on the status page and in /observe/health: down once a verify found the chain broken. */
    @BindToRegistry(lazy = true)
    public DetailCheck auditTrailHealthCheck(AuditJob job) {
        return new DetailCheck("auditTrail", job::intact,
                "the audit trail does not verify: an entry was altered or removed (run `audit verify`, docs/audit.md)");
    }
}
