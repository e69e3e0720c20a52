package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.ops.WorkerLookups;
import id.jamsos.gateway.ops.WorkerPages;
import id.jamsos.gateway.portal.PortalAuth;
import id.jamsos.gateway.portal.PortalPages;
import id.jamsos.gateway.portal.PortalWorkers;
import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * A worker's story looked up by NIK or KPJ (issue 18): the look-ups every caller goes through (audited
 * by the {@code auditTrail} bean), the operators' /ops/workers and /ops/api/workers
 * (routes/ops.camel.yaml) and the clerks' /portal/workers (routes/portal.camel.yaml). A part of
 * {@link GatewayConfiguration} of its own, to keep each class well under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration}).
 */
public final class WorkerConfiguration extends ConfigurationPart {

    WorkerConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                        ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public WorkerLookups workerLookups(AuditTrail auditTrail) {
        return new WorkerLookups(new WorkerStory(dataSource, pii), auditTrail);
    }

    @BindToRegistry(lazy = true)
    public WorkerPages workerPages(WorkerLookups lookups, @PropertyInject("jamsos.ops.timeZone") String timeZone) {
        return new WorkerPages(lookups, ZoneId.of(timeZone.trim()), json);
    }

    @BindToRegistry(lazy = true)
    public PortalWorkers portalWorkers(PortalPages pages, PortalAuth auth, WorkerLookups lookups,
                                       @PropertyInject("jamsos.ops.timeZone") String timeZone) {
        return new PortalWorkers(pages, auth, lookups, ZoneId.of(timeZone.trim()));
    }
}
