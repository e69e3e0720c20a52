package id.jamsos.gateway.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.finance.BudgetCheck;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.intake.FileIntake;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LedgerWriteHealth;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.OperatorSessionLedger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.ops.HostKeyAlarm;
import id.jamsos.gateway.ops.LoginThrottle;
import id.jamsos.gateway.ops.OperatorAuth;
import id.jamsos.gateway.ops.OperatorSessions;
import id.jamsos.gateway.ops.OpsApi;
import id.jamsos.gateway.ops.OpsEventNotifier;
import id.jamsos.gateway.ops.OpsHeaderFilter;
import id.jamsos.gateway.ops.OpsHealth;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.LedgerReadyCheck;
import id.jamsos.gateway.ops.OpsPage;
import id.jamsos.gateway.ops.OpsTemplates;
import id.jamsos.gateway.ops.QueueDepths;
import id.jamsos.gateway.ops.Replayer;
import jakarta.jms.ConnectionFactory;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds what operators use (routes/ops.camel.yaml): the health checks (readiness: the ledger; details:
 * broker, SFTP host keys, BPJS credentials), the Prometheus registry Camel's metrics share, operator
 * authentication, the status page, and replay of parked rows. Kept out of {@link Gateway} so the data
 * flow's wiring stays readable.
 */
public final class OpsWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsWiring.class);

    private final Replayer replayer;
    private final GatewayMetrics metrics;
    private final QueueDepths depths;

    private OpsWiring(Replayer replayer, GatewayMetrics metrics, QueueDepths depths) {
        this.replayer = replayer;
        this.metrics = metrics;
        this.depths = depths;
    }

    /** Stops the queue-depth browser's thread. */
    @Override
    public void close() {
        depths.close();
    }

    /** Call before {@code main.start()}: binds beans that Camel main picks up when it configures. */
    public static OpsWiring install(Main main, GatewayProperties props, Ledger ledger, DataSource dataSource,
                                    ConnectionFactory connectionFactory, FileIntake intake,
                                    Supplier<AgencyRegistry> agencies, Supplier<BudgetCheck> budget) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = Json.mapper();
        LOG.info("settings (secrets masked):\n  {}", String.join("\n  ", ConfigCheck.maskedDump(props)));
        OpsQueries queries = new OpsQueries(dataSource, ledger.personalData());

        String enrollmentQueue = props.get("jamsos.queue.enrollment");
        List<String> deadLetters = deadLetterQueues(props);
        QueueDepths depths = queueDepths(props, connectionFactory, 5_000, clock);

        GatewayMetrics metrics = new GatewayMetrics(queries, depths, clock);
        // Camel's metrics (camel.metrics.*: route policy, exchange and route event notifiers, the
        // management port's /observe/metrics) take the registry bound under this name, so the
        // business meters and Camel's are one scrape.
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics.registry());
        main.bind("opsEventNotifier", new OpsEventNotifier(metrics));
        HostKeyAlarm hostKeys = new HostKeyAlarm(metrics.registry(), clock);
        main.bind(HostKeyAlarm.BEAN, hostKeys);
        // Bound by Gateway with the BPJS client; absent when the enroller is not wired (some tests).
        CredentialsAlarm credentials = main.lookup(CredentialsAlarm.BEAN, CredentialsAlarm.class);
        if (credentials != null) {
            credentials.meters(metrics.registry());
        }

        intake.keepRequestsIn((fileId, items) -> queries.storeItems(fileId, itemsAsJson(json, items)));

        Supplier<ProducerTemplate> producer = new Supplier<>() {
            private ProducerTemplate template;

            @Override
            public synchronized ProducerTemplate get() {
                if (template == null) {
                    template = main.getCamelContext().createProducerTemplate();
                }
                return template;
            }
        };
        String enrollmentUri = "activemq:queue:" + enrollmentQueue;
        Replayer replayer = new Replayer(ledger, queries, json, (fileId, agencyId, sealedJob) -> producer.get()
                .sendBodyAndHeaders(enrollmentUri, ExchangePattern.InOnly, sealedJob,
                        Map.of(FileIntake.FILE_ID, fileId, FileIntake.AGENCY_ID, agencyId)),
                props.getInt("jamsos.bpjs.batchSize"), metrics);

        // Readiness is the ledger alone; the broker, BPJS and the agencies' SFTP host keys are details
        // (app/EnrollerWiring binds the endpoint's circuit, app/VitalParts the liveness checks). Camel's
        // HealthCheckRegistry finds these beans in this gateway's registry: per CamelContext.
        main.bind("ledgerHealthCheck", new LedgerReadyCheck(queries, LedgerWriteHealth.of(dataSource)));
        main.bind("brokerHealthCheck", new DetailCheck("broker", depths::brokerReachable,
                "the broker does not answer; claims wait in the outbox, jobs in the ledger"));
        main.bind("sftpHostKeysHealthCheck", new DetailCheck("sftpHostKeys", () -> hostKeys.active().isEmpty(),
                "an agency's SFTP server answered with a host key its known_hosts does not hold"));
        if (credentials != null) {
            main.bind("bpjsCredentialsHealthCheck", new DetailCheck(OpsHealth.BPJS_CREDENTIALS,
                    () -> credentials.current().isEmpty(), "BPJS refuses the gateway's credentials; enrollment is held"));
        }
        OpsHealth health = new OpsHealth(main::getCamelContext, queries, depths);
        main.bind("opsHealth", health);
        main.bind(OpsHeaderFilter.BEAN, new OpsHeaderFilter());
        // Sessions and failed logins in the ledger, on its clock: every replica shares them.
        OperatorAuth operatorAuth = new OperatorAuth(props.get("jamsos.ops.token", ""),
                new LoginThrottle(new LoginFailureLedger(dataSource,
                        Duration.ofSeconds(props.getLong("jamsos.ops.loginWindowSeconds")), LedgerTime.DATABASE),
                        props.getInt("jamsos.ops.loginFailures"), props.getInt("jamsos.ops.loginFailuresOverall")),
                new OperatorSessions(new OperatorSessionLedger(dataSource,
                        Duration.ofMinutes(props.getLong("jamsos.ops.sessionIdleMinutes")),
                        Duration.ofHours(props.getLong("jamsos.ops.sessionHours")), 1_000, LedgerTime.DATABASE)),
                Boolean.parseBoolean(props.get("jamsos.ops.secureCookie", "false")));
        main.bind("operatorAuth", operatorAuth);
        health.showDetailsTo(operatorAuth);
        main.bind("opsApi", new OpsApi(ledger, queries, replayer, metrics, json));
        main.bind("opsPage", new OpsPage(queries, metrics, depths, health,
                () -> agencies.get().agencies().stream().map(Agency::id).toList(), deadLetters, clock,
                ZoneId.of(props.get("jamsos.ops.timeZone")), budget, hostKeys, credentials, new OpsTemplates()));
        return new OpsWiring(replayer, metrics, depths);
    }

    /**
     * Where the dead letters of the gateway's consumed queues (enrollment; finance and review, which
     * the city's finance system consumes) are: {@code DLQ.X} on a broker set up as deploy/activemq,
     * the shared {@code ActiveMQ.DLQ} on a stock one. Both are watched, so neither kind of broker hides them.
     */
    static QueueDepths.DeadLetters deadLetters(GatewayProperties props) {
        return new QueueDepths.DeadLetters(props.get("jamsos.ops.deadLetterPrefix"),
                props.get("jamsos.ops.sharedDeadLetterQueue", ""),
                List.of(props.get("jamsos.queue.enrollment"), props.get("jamsos.finance.queue"),
                        props.get("jamsos.finance.reviewQueue")));
    }

    /** The keys of {@link QueueDepths#depths()} that count dead letters (per queue, then shared per origin). */
    static List<String> deadLetterQueues(GatewayProperties props) {
        return deadLetters(props).keys();
    }

    /** Every queue whose depth operators see (status page, metrics, the status command). */
    static List<String> watchedQueues(GatewayProperties props) {
        List<String> queues = new ArrayList<>(List.of(props.get("jamsos.queue.enrollment"),
                props.get("jamsos.queue.parked"), props.get("jamsos.finance.queue"),
                props.get("jamsos.finance.reviewQueue")));
        QueueDepths.DeadLetters dead = deadLetters(props);
        dead.origins().forEach(o -> queues.add(dead.perQueue(o)));
        return queues;
    }

    /** The queue depths (and dead letters) as the status page, metrics and the status command count them. */
    static QueueDepths queueDepths(GatewayProperties props, ConnectionFactory connectionFactory, long ttlMillis,
                                   Clock clock) {
        return new QueueDepths(connectionFactory, watchedQueues(props), deadLetters(props),
                props.getInt("jamsos.ops.queueDepthCap"), ttlMillis, clock);
    }

    public Replayer replayer() {
        return replayer;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    private static Map<Integer, String> itemsAsJson(ObjectMapper json, List<EnrollmentJob.Item> items) {
        Map<Integer, String> byRow = new LinkedHashMap<>();
        for (EnrollmentJob.Item item : items) {
            try {
                byRow.put(item.rowNo(), json.writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write the job item of row " + item.rowNo(), e);
            }
        }
        return byRow;
    }
}
