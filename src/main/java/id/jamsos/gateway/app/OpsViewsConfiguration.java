package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.PageViewAudit;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * The operators' page views in the audit trail (docs/audit.md, "Page views"): the status page's step
 * {@code pageViewAudit.status} (routes/ops.camel.yaml). A part of {@link GatewayConfiguration} of its own, to
 * keep each class well under 32 {@code @BindToRegistry} methods (see {@link EnrollerConfiguration}).
 */
public final class OpsViewsConfiguration extends ConfigurationPart {

    OpsViewsConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                          ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public PageViewAudit pageViewAudit(AuditTrail auditTrail,
                                       @PropertyInject("jamsos.audit.pageViewMinutes") int minutes) {
        return new PageViewAudit(auditTrail, clock, Duration.ofMinutes(Math.max(0, minutes)));
    }
}
