package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.intake.FileFailures;
import id.jamsos.gateway.intake.FileIntake;
import id.jamsos.gateway.intake.MarkerContent;
import id.jamsos.gateway.intake.UnsafeNameFilter;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerIdempotentRepository;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PersonalDataMigration;
import id.jamsos.gateway.ledger.Retention;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.report.StaleReports;
import id.jamsos.gateway.report.UploadRetries;
import id.jamsos.gateway.retention.RetentionJob;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.ValidationSettings;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.support.PrivateFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.Main;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the running gateway: the ledger, the broker connection, the beans the routes call,
 * Camel main loading the YAML routes, and one intake and one writer route per agency.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Main main;
    private final HikariDataSource dataSource;
    private final JmsPoolConnectionFactory connectionFactory;
    private final Ledger ledger;
    private AgencyReloader reloader;
    private OpsWiring ops;

    private Gateway(Main main, HikariDataSource dataSource, JmsPoolConnectionFactory connectionFactory, Ledger ledger) {
        this.main = main;
        this.dataSource = dataSource;
        this.connectionFactory = connectionFactory;
        this.ledger = ledger;
    }

    public static Gateway start(GatewayProperties props, AgencyRegistry agencies) throws Exception {
        return start(props, agencies, null);
    }

    /** With {@code agenciesFile} (the file {@code agencies} came from) changes to it apply while running. */
    public static Gateway start(GatewayProperties props, AgencyRegistry initialAgencies, Path agenciesFile)
            throws Exception {
        AgencyRegistryHolder agencies = new AgencyRegistryHolder(initialAgencies);
        Clock clock = Clock.systemUTC();
        ObjectMapper json = Json.mapper();
        ConfigCheck.warnings(props).forEach(w -> LOG.warn("configuration: {}", w));
        // Read before the ledger is opened: keys that cannot be used must not leave a migrated database behind.
        PersonalDataCipher pii = PersonalDataKeys.cipher(props);

        HikariDataSource dataSource = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""),
                props.getInt("jamsos.ledger.poolSize"));
        JmsPoolConnectionFactory connectionFactory = null;
        Main main = new Main();
        try {
            LedgerMigrations.migrate(dataSource);
            // Finishes V5 (plain NIKs of older rows) and re-encrypts values under rotated keys.
            new PersonalDataMigration(dataSource, pii).run();
            Ledger ledger = new Ledger(dataSource, pii);
            connectionFactory = connectionFactory(props);

            Path workDir = Path.of(props.get("jamsos.work.dir"));
            // Local copies of the agencies' files and the reports are written here (by Camel, with the umask).
            PrivateFiles.createDirectories(workDir);
            List<String> programs = Arrays.stream(props.get("jamsos.programs").split(",")).map(String::trim).toList();
            EnrollmentMapper mapper = new EnrollmentMapper(programs, props.get("jamsos.regionCode"));
            ValidationSettings validation = new ValidationSettings(props.getLong("jamsos.defaultIncome"),
                    props.getLong("jamsos.intake.maxFileMib") * 1024 * 1024, ValidationSettings.defaults().maxLineChars(), clock,
                    props.getLong("jamsos.validation.maxSharedStringsMib") * 1024 * 1024,
                    props.getLong("jamsos.validation.maxRows"),
                    props.getLong("jamsos.validation.maxPackagePartMib") * 1024 * 1024);

            Properties camelSettings = props.asProperties();
            // The enroller's route appends the path to this URL: written with a trailing slash it would
            // call "//bpjstk/..." and park every job (the claims pull and the invoice take the same URL).
            camelSettings.setProperty("jamsos.bpjs.url", props.get("jamsos.bpjs.url").replaceAll("/+$", ""));
            main.setInitialProperties(camelSettings);
            // Camel's platform-http server takes the registry's Vert.x: this one gives it timeouts and a cap.
            HttpServerLimits httpLimits = HttpServerLimits.from(props);
            main.bind("vertx", httpLimits.vertx());
            main.bind("httpServerLimits", httpLimits);
            main.bind("activemq", activemq(connectionFactory));
            main.bind("ledger", ledger);
            main.bind("intakeIdempotentRepository", new LedgerIdempotentRepository(dataSource, "intake"));
            AgencyFileValidator validator = new AgencyFileValidator(validation);
            main.bind(AgencyRoutes.FILE_VALIDATOR, validator);
            FileIntake fileIntake = new FileIntake(ledger, validator, mapper, props.getInt("jamsos.bpjs.batchSize"), clock);
            // agencies.yaml's max_file_bytes, max_rows_per_day, max_open_rows; what an agency leaves out comes
            // from jamsos.intake.* (0: no such limit), read at each file so that a reload applies.
            AgencyLimits defaultLimits = new AgencyLimits(null, positiveOrNull(props.getLong("jamsos.intake.maxRowsPerDay")),
                    positiveOrNull(props.getLong("jamsos.intake.maxOpenRows")));
            fileIntake.limitTo(agencyId -> agencies.get().byId(agencyId).map(Agency::limits).orElse(AgencyLimits.NONE)
                    .orElse(defaultLimits));
            main.bind("fileIntake", fileIntake);
            main.bind("fileFailures", new FileFailures(ledger, props.getInt("jamsos.intake.maxAttempts"),
                    Duration.ofMillis(props.getLong("jamsos.intake.pollDelayMs")), clock));
            main.bind(AgencyRoutes.UNSAFE_NAME_FILTER, new UnsafeNameFilter());
            main.bind("markerContent", new MarkerContent());
            EnrollerWiring.bind(main::bind, props, ledger, pii, json, clock);
            main.bind("reportWriter", new ReportWriter(ledger, workDir.resolve("reports"), id -> agencies.get().byId(id)
                    .map(a -> "sftp://" + a.user() + "@" + a.host() + ":" + a.port() + "/" + a.outbox()).orElse("?")));
            main.bind("uploadRetries", new UploadRetries(props.getInt("jamsos.reports.uploadRetries"),
                    props.getLong("jamsos.reports.uploadRetryDelayMs")));
            main.bind("staleReports", new StaleReports(ledger,
                    Duration.ofMillis(props.getLong("jamsos.reports.staleAfterMs")), clock));
            main.bind(AgencyRoutes.RETENTION_JOB, new RetentionJob(new Retention(dataSource, clock),
                    props.getInt("jamsos.retention.days"), props.getInt("jamsos.retention.batchSize"), clock));
            StatementBuilder statements = FinanceWiring.bind(main, props, dataSource, ledger, connectionFactory,
                    agencies.view(), json, clock);

            OpsWiring ops = OpsWiring.install(main, props, ledger, dataSource, connectionFactory, fileIntake, agencies,
                    statements::budgetNow);
            main.start();
            CamelContext context = main.getCamelContext();
            var intakeLease = IntakeLeadership.install(context, props, dataSource);
            AgencyRoutes.addAll(context, agencies.get(), workDir);
            VitalParts.register(context, intakeLease);
            String http = boundHttp(context, props);
            LOG.info("gateway started: {} agencies; claim callback {}{}, operators {}/ops; probes and metrics {}",
                    agencies.get().agencies().size(), http, props.get("jamsos.callback.path"), http, management(props));
            Gateway gateway = new Gateway(main, dataSource, connectionFactory, ledger);
            gateway.ops = ops;
            long reloadMs = props.getLong("jamsos.agencies.reloadIntervalMs");
            if (agenciesFile != null && reloadMs > 0) {
                gateway.reloader = AgencyReloader.start(context, agenciesFile, System::getenv, agencies, workDir,
                        Duration.ofMillis(reloadMs));
            }
            return gateway;
        } catch (Exception | Error e) {
            main.stop();
            if (connectionFactory != null) {
                connectionFactory.stop();
            }
            dataSource.close();
            throw e;
        }
    }

    /**
     * Where the HTTP server really listens (with port 0 the configured port says nothing), as
     * http://host:port; the configured values when the server cannot be asked.
     */
    static String boundHttp(CamelContext context, GatewayProperties props) {
        String host = props.get("camel.server.host");
        int configured = props.getInt("camel.server.port");
        int port = configured;
        // Camel's management server is a VertxPlatformHttpServer too: the callback's is the one
        // configured with camel.server.port.
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getConfigurationPort() == configured && server.getPort() > 0) {
                port = server.getPort();
            }
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Where Camel's management server answers (/observe/health/live, /ready, /observe/metrics), or "off". */
    static String management(GatewayProperties props) {
        if (!Boolean.parseBoolean(props.get("camel.management.enabled", "false"))) {
            return "off";
        }
        String host = props.get("camel.management.host", "0.0.0.0");
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + props.get("camel.management.port", "")
                + props.get("camel.management.healthPath", "/observe/health");
    }

    /** The broker connection of {@code run}; the operator commands use it too. */
    static JmsPoolConnectionFactory connectionFactory(GatewayProperties props) {
        ActiveMQConnectionFactory amq = new BrokerConnections(props.get("jamsos.broker.url"), brokerTls(props));
        String user = props.get("jamsos.broker.user", "");
        if (!user.isEmpty()) {
            amq.setUserName(user);
            amq.setPassword(props.get("jamsos.broker.password", ""));
        }
        // Only our own message types travel as objects; everything else is JSON text.
        amq.setTrustedPackages(List.of("id.jamsos.gateway"));
        amq.getPrefetchPolicy().setQueuePrefetch(props.getInt("jamsos.broker.prefetch"));
        // A rolled-back enrollment job comes back after an exponentially growing, jittered delay.
        // Unlimited here: the enroller's error handler parks or dead-letters after maxAttempts.
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setInitialRedeliveryDelay(props.getLong("jamsos.delivery.redeliveryDelayMs"));
        redelivery.setRedeliveryDelay(props.getLong("jamsos.delivery.redeliveryDelayMs"));
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(props.getLong("jamsos.delivery.maxRedeliveryDelayMs"));
        redelivery.setUseCollisionAvoidance(true);
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        amq.setRedeliveryPolicy(redelivery);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(amq);
        pool.setMaxConnections(Math.max(2, props.getInt("jamsos.enroller.concurrency") / 4 + 1));
        return pool;
    }

    /** TLS towards an ssl:// broker ({@code jamsos.broker.tls.*}), for every broker connection a command makes. */
    public static BrokerTls brokerTls(GatewayProperties props) {
        return BrokerTls.from(k -> props.get(k, ""));
    }

    private static ActiveMQComponent activemq(JmsPoolConnectionFactory cf) {
        ActiveMQComponent component = new ActiveMQComponent();
        component.setConnectionFactory(cf);
        // Persistent delivery is JMS's default; said here because losing a row is not acceptable.
        component.setDeliveryPersistent(true);
        return component;
    }

    /**
     * Bounds the stop (systemd gives 60 s, operators expect a few): with the broker away, at once,
     * otherwise after Camel's shutdown timeout, the broker transports are cut so that no thread
     * stays waiting for the broker and Camel's stop can finish (see {@link BrokerConnections}).
     */
    private Thread brokerCutter() {
        if (!(connectionFactory.getConnectionFactory() instanceof BrokerConnections broker)) {
            return new Thread(() -> { });
        }
        long graceMs = broker.allConnected() ? main.getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(main.getCamelContext().getShutdownStrategy().getTimeout()) : 0;
        Thread cutter = new Thread(() -> {
            try {
                Thread.sleep(graceMs);
            } catch (InterruptedException stoppedInTime) {
                return;
            }
            int cut = broker.cut();
            if (cut > 0) {
                LOG.info("stopping: {} broker connection(s) cut {}", cut,
                        graceMs == 0 ? "at once (broker unreachable)" : "after " + graceMs + " ms");
            }
        }, "jamsos-stop-broker");
        cutter.setDaemon(true);
        cutter.start();
        return cutter;
    }

    private static Long positiveOrNull(long value) {
        return value > 0 ? value : null;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Ledger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        Thread cutter = brokerCutter();
        try {
            if (reloader != null) {
                reloader.close();
            }
            main.stop();
            cutter.interrupt();
            if (ops != null) {
                ops.close();
            }
        } finally {
            connectionFactory.stop();
            dataSource.close();
        }
    }
}
