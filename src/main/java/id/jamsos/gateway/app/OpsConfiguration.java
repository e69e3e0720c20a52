package id.jamsos.gateway.app;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.changes.ReplayChecks;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LedgerWriteHealth;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.OperatorSessionLedger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.StuckPending;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.ops.HostKeyAlarm;
import id.jamsos.gateway.ops.LedgerReadyCheck;
import id.jamsos.gateway.ops.LoginThrottle;
import id.jamsos.gateway.ops.OperatorAuth;
import id.jamsos.gateway.ops.OperatorSessions;
import id.jamsos.gateway.ops.OpsApi;
import id.jamsos.gateway.ops.OpsEventNotifier;
import id.jamsos.gateway.ops.OpsHeaderFilter;
import id.jamsos.gateway.ops.OpsHealth;
import id.jamsos.gateway.ops.OpsPage;
import id.jamsos.gateway.ops.OpsTemplates;
import id.jamsos.gateway.ops.QueueDepths;
import id.jamsos.gateway.ops.Replayer;
import id.jamsos.gateway.ops.StuckPendingSweep;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.util.function.Suppliers;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The operations beans (routes/ops.camel.yaml, health checks, metrics): the status page and its API,
 * operator logins, queue depths, meters and health checks. A part of {@link GatewayConfiguration}, in a
 * class of its own to keep each under 32 {@code @BindToRegistry} methods (see
 * {@link EnrollerConfiguration} for why).
 */
public final class OpsConfiguration extends ConfigurationPart {

    OpsConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
            ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    // --- Operations (routes/ops.camel.yaml, health checks, metrics) ---

    /** The leader's sweep of PENDING rows no job will decide (routes/retention.camel.yaml, docs/operations.md). */
    @BindToRegistry(lazy = true)
    public StuckPendingSweep stuckPendingSweep(@PropertyInject("jamsos.recovery.stuckPendingMinutes") long minutes,
            GatewayMetrics metrics) {
        return new StuckPendingSweep(new StuckPending(dataSource, clock), Duration.ofMinutes(minutes),
                metrics.registry());
    }

    @BindToRegistry(lazy = true)
    public OpsQueries opsQueries() {
        return new OpsQueries(dataSource, pii);
    }

    @BindToRegistry(lazy = true)
    public QueueDepths queueDepths(CamelContext context, JmsPoolConnectionFactory broker) {
        QueueDepths depths = OpsWiring.queueDepths(settings(context), broker, 5_000, clock);
        closedOnStop.add(depths::close);
        return depths;
    }

    @BindToRegistry(lazy = true)
    public GatewayMetrics gatewayMetrics(OpsQueries queries, QueueDepths depths, CredentialsAlarm credentials,
                                         id.jamsos.gateway.enrollment.OtherPayers otherPayers) {
        GatewayMetrics metrics = new GatewayMetrics(queries, depths, clock);
        credentials.meters(metrics.registry());
        otherPayers.meters(metrics.registry());
        return metrics;
    }

    /**
     * Camel's metrics (camel.metrics.*: route policy, exchange and route event notifiers, the management
     * port's /observe/metrics) take the registry bound under this name, so the business meters and
     * Camel's are one scrape.
     */
    @BindToRegistry(value = MicrometerConstants.METRICS_REGISTRY_NAME, lazy = true)
    public PrometheusMeterRegistry metricsRegistry(GatewayMetrics metrics) {
        return metrics.registry();
    }

    @BindToRegistry(lazy = true)
    public OpsEventNotifier opsEventNotifier(GatewayMetrics metrics) {
        return new OpsEventNotifier(metrics);
    }

    @BindToRegistry(value = HostKeyAlarm.BEAN, lazy = true)
    public HostKeyAlarm hostKeyAlarm(GatewayMetrics metrics) {
        return new HostKeyAlarm(metrics.registry(), clock);
    }

    /**
     * Readiness is the ledger alone; the broker, BPJS and the agencies' SFTP host keys are details (and
     * {@link VitalParts} the liveness checks). Camel's HealthCheckRegistry finds these beans in this
     * gateway's registry: per CamelContext.
     */
    @BindToRegistry(lazy = true)
    public LedgerReadyCheck ledgerHealthCheck(OpsQueries queries) {
        return new LedgerReadyCheck(queries, LedgerWriteHealth.of(dataSource));
    }

    @BindToRegistry(lazy = true)
    public DetailCheck brokerHealthCheck(QueueDepths depths) {
        return new DetailCheck("broker", depths::brokerReachable,
                "the broker does not answer; claims wait in the outbox, jobs in the ledger");
    }

    @BindToRegistry(lazy = true)
    public DetailCheck sftpHostKeysHealthCheck(HostKeyAlarm hostKeys) {
        return new DetailCheck("sftpHostKeys", () -> hostKeys.active().isEmpty(),
                "an agency's SFTP server answered with a host key its known_hosts does not hold");
    }

    @BindToRegistry(lazy = true)
    public DetailCheck bpjsCredentialsHealthCheck(CredentialsAlarm credentials) {
        return new DetailCheck(OpsHealth.BPJS_CREDENTIALS, () -> credentials.current().isEmpty(),
                "BPJS refuses the gateway's credentials; enrollment is held");
    }

    @BindToRegistry(lazy = true)
    public OpsHealth opsHealth(CamelContext context, OpsQueries queries, QueueDepths depths, OperatorAuth operators) {
        OpsHealth health = new OpsHealth(() -> context, queries, depths);
        health.showDetailsTo(operators);
        return health;
    }

    @BindToRegistry(value = OpsHeaderFilter.BEAN, lazy = true)
    public OpsHeaderFilter opsHeaderFilter() {
        return new OpsHeaderFilter();
    }

    /** Sessions and failed logins in the ledger, on its clock: every replica shares them. */
    @BindToRegistry(lazy = true)
    public OperatorAuth operatorAuth(@PropertyInject("jamsos.ops.token") String token,
            @PropertyInject("jamsos.ops.loginWindowSeconds") long loginWindowSeconds,
            @PropertyInject("jamsos.ops.loginFailures") int loginFailures,
            @PropertyInject("jamsos.ops.loginFailuresOverall") int loginFailuresOverall,
            @PropertyInject("jamsos.ops.sessionIdleMinutes") long sessionIdleMinutes,
            @PropertyInject("jamsos.ops.sessionHours") long sessionHours,
            @PropertyInject(value = "jamsos.ops.secureCookie", defaultValue = "false") boolean secureCookie,
            AuditTrail audit) {
        return new OperatorAuth(token.trim(), new LoginThrottle(new LoginFailureLedger(dataSource,
                Duration.ofSeconds(loginWindowSeconds), LedgerTime.DATABASE), loginFailures, loginFailuresOverall),
                new OperatorSessions(new OperatorSessionLedger(dataSource, Duration.ofMinutes(sessionIdleMinutes),
                        Duration.ofHours(sessionHours), 1_000, LedgerTime.DATABASE)),
                secureCookie).auditTo(audit);
    }

    /**
     * Parked rows sent again as enrollment jobs and change jobs (each to its queue), through the activemq
     * component once Camel runs.
     */
    @BindToRegistry(lazy = true)
    public Replayer replayer(CamelContext context, Ledger ledger, OpsQueries queries, GatewayMetrics metrics,
                             ChangeLedger changeLedger, CoverageLedger coverageLedger,
                             @PropertyInject("jamsos.queue.enrollment") String enrollmentQueue,
                             @PropertyInject("jamsos.queue.changes") String changesQueue,
                             @PropertyInject("jamsos.bpjs.batchSize") int batchSize) {
        Supplier<ProducerTemplate> producer = Suppliers.memorize(context::createProducerTemplate);
        String uri = "activemq:queue:" + enrollmentQueue.trim();
        String changesUri = "activemq:queue:" + changesQueue.trim();
        return new Replayer(ledger, queries, json, (fileId, agencyId, sealedJob) -> producer.get()
                .sendBodyAndHeaders(uri, ExchangePattern.InOnly, sealedJob,
                        Map.of(Headers.FILE_ID, fileId, Headers.AGENCY_ID, agencyId)),
                (fileId, agencyId, sealedJob) -> producer.get()
                        .sendBodyAndHeaders(changesUri, ExchangePattern.InOnly, sealedJob,
                                Map.of(Headers.FILE_ID, fileId, Headers.AGENCY_ID, agencyId)),
                changeLedger, new ReplayChecks(coverageLedger, changeLedger), batchSize, metrics);
    }

    @BindToRegistry(lazy = true)
    public OpsApi opsApi(Ledger ledger, OpsQueries queries, Replayer replayer, GatewayMetrics metrics,
                         AuditTrail audit) {
        return new OpsApi(ledger, queries, replayer, metrics, json).auditTo(audit);
    }

    @BindToRegistry(lazy = true)
    public OpsPage opsPage(CamelContext context, OpsQueries queries, GatewayMetrics metrics, QueueDepths depths,
                           OpsHealth health, BudgetPlanner budget, HostKeyAlarm hostKeys,
                           CredentialsAlarm credentials, @PropertyInject("jamsos.ops.timeZone") String timeZone) {
        return new OpsPage(queries, metrics, depths, health,
                () -> agencies.get().agencies().stream().map(Agency::id).toList(),
                OpsWiring.deadLetterQueues(settings(context)), clock, ZoneId.of(timeZone.trim()), budget::plan,
                hostKeys, credentials, new OpsTemplates());
    }

}
