package id.jamsos.gateway.app;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.FundingRule;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.PeriodFunds;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PersonalDataMigration;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.support.CheckedSettings;
import id.jamsos.gateway.support.PrivateFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.PluginHelper;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the running gateway: opens and migrates the ledger, hands the settings to Camel main, which
 * makes the beans of {@link GatewayConfiguration} and loads the YAML routes, then adds one intake and
 * one writer route per agency.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Main main;
    private final Ledger ledger;
    private AgencyReloader reloader;

    private Gateway(Main main) {
        this.main = main;
        this.ledger = main.getCamelContext().getRegistry().lookupByNameAndType("ledger", Ledger.class);
    }

    public static Gateway start(GatewayProperties props, AgencyRegistry agencies) throws Exception {
        return start(props, agencies, null);
    }

    /** With {@code agenciesFile} (the file {@code agencies} came from) changes to it apply while running. */
    public static Gateway start(GatewayProperties props, AgencyRegistry initialAgencies, Path agenciesFile)
            throws Exception {
        AgencyRegistryHolder agencies = new AgencyRegistryHolder(initialAgencies);
        ConfigCheck.warnings(props).forEach(w -> LOG.warn("configuration: {}", w));
        LOG.info("settings (secrets masked):\n  {}", String.join("\n  ", ConfigCheck.maskedDump(props)));
        // Read before the ledger is opened: keys that cannot be used must not leave a migrated database behind.
        PersonalDataCipher pii = PersonalDataKeys.cipher(props);

        HikariDataSource dataSource = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""),
                props.getInt("jamsos.ledger.poolSize"));
        Main main = new Main();
        try {
            LedgerMigrations.migrate(dataSource);
            // Finishes V5 (plain NIKs of older rows) and re-encrypts values under rotated keys.
            new PersonalDataMigration(dataSource, pii).run();
            // Workers enrolled before coverage periods existed (V14) get theirs, from the month enrolled.
            int opened = new CoverageLedger(dataSource, Clock.systemUTC(),
                    ZoneId.of(props.get("jamsos.finance.zone").trim())).openMissing();
            if (opened > 0) {
                LOG.info("opened {} coverage period(s) for workers enrolled before the ledger kept them", opened);
            }
            // Periods opened before their funding source was recorded (V23) get the one statements used.
            int funded = PeriodFunds.backfill(dataSource,
                    FundingRule.asStatedSoFar(Programme.from(k -> props.get(k, ""))), Clock.systemUTC());
            if (funded > 0) {
                LOG.info("recorded the funding source of {} coverage period(s) opened before it was kept", funded);
            }
            // Workers enrolled before V35 get the village, trade, sex and birth year their kept request names.
            int profiled = id.jamsos.gateway.ledger.ProfileBackfill.run(dataSource, pii, Json.mapper(), Clock.systemUTC());
            if (profiled > 0) {
                LOG.info("recorded the village, trade, sex and birth year of {} worker(s) enrolled before V35", profiled);
            }

            Path workDir = Path.of(props.get("jamsos.work.dir"));
            // Local copies of the agencies' files and the reports are written here (by Camel, with the umask).
            PrivateFiles.createDirectories(workDir);

            main.setInitialProperties(camelProperties(props));
            GatewayConfiguration beans = new GatewayConfiguration(agencies, dataSource, pii, Clock.systemUTC());
            ChangesConfiguration changeBeans = new ChangesConfiguration(dataSource, Clock.systemUTC());
            PaymentsConfiguration paymentBeans = new PaymentsConfiguration(agencies, dataSource, Clock.systemUTC());
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport m) {
                    CamelContext context = m.getCamelContext();
                    CheckedSettings.only((PropertiesComponent) context.getPropertiesComponent());
                    // Camel's bean post-processing of the configuration, as main.configure().addConfiguration
                    // does, but before Camel main's auto-configuration rather than after it: camel.metrics.*
                    // takes the registry bound as metricsRegistry then, or makes one of its own and the
                    // gateway's meters would be missing from /observe/metrics.
                    try {
                        for (Object part : beans.withParts()) {
                            PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(part, "gateway");
                            PluginHelper.getBeanPostProcessor(context).postProcessAfterInitialization(part, "gateway");
                        }
                        PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(changeBeans, "changes");
                        PluginHelper.getBeanPostProcessor(context).postProcessAfterInitialization(changeBeans, "changes");
                        PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(paymentBeans, "payments");
                        PluginHelper.getBeanPostProcessor(context).postProcessAfterInitialization(paymentBeans, "payments");
                    } catch (Exception e) {
                        throw RuntimeCamelException.wrapRuntimeCamelException(e);
                    }
                }
            });
            // From here on the ledger's pool is Camel's to close (GatewayConfiguration#gatewayResources).
            main.start();
            CamelContext context = main.getCamelContext();
            // The intake lease now, agencies or not: it joins the running context as a service.
            IntakeLeadership intake = context.getRegistry().lookupByNameAndType("intakeLease", IntakeLeadership.class);
            AgencyRoutes.addAll(context, agencies.get(), workDir);
            VitalParts.register(context, intake.view());
            // The arrears gauges and the status page's account (invoices, payments, arrears).
            PaymentsConfiguration.wire(context);
            // The status page's coverage section.
            CoverageConfiguration.wire(context);
            NotifyConfiguration.wire(context);
            String http = boundHttp(context, props);
            LOG.info("gateway started: {} agencies; claim callback {}{}, operators {}/ops; probes and metrics {}",
                    agencies.get().agencies().size(), http, props.get("jamsos.callback.path"), http, management(props));
            Gateway gateway = new Gateway(main);
            long reloadMs = props.getLong("jamsos.agencies.reloadIntervalMs");
            if (agenciesFile != null && reloadMs > 0) {
                gateway.reloader = AgencyReloader.start(context, agenciesFile, System::getenv, agencies, workDir,
                        Duration.ofMillis(reloadMs));
            }
            return gateway;
        } catch (Exception | Error e) {
            main.stop();
            // Closed by Camel once its context ran; before that (a failed migration) by nobody else.
            dataSource.close();
            throw e;
        }
    }

    /**
     * The settings as Camel's properties component holds them: trimmed as {@link GatewayProperties#get}
     * gives them, and {@code jamsos.bpjs.url} without a trailing slash, because the enroller's route
     * appends the path to it: written with one it would call "//bpjstk/..." and park every job (the claims
     * pull and the invoice take the same URL).
     */
    /** The settings Camel holds: trimmed as {@link GatewayProperties#get} gives them, the BPJS URL without trailing slashes. */
    public static Properties camelProperties(GatewayProperties props) {
        Properties settings = new Properties();
        props.asProperties().stringPropertyNames().forEach(k -> settings.setProperty(k, props.get(k)));
        settings.setProperty("jamsos.bpjs.url", props.get("jamsos.bpjs.url").replaceAll("/+$", ""));
        return settings;
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

    /** The broker connection as {@code run} makes it, for the operator commands. */
    static JmsPoolConnectionFactory connectionFactory(GatewayProperties props) {
        return BrokerPool.create(props.get("jamsos.broker.url"), props.get("jamsos.broker.user", ""),
                props.get("jamsos.broker.password", ""), brokerTls(props), props.getInt("jamsos.broker.prefetch"),
                props.getLong("jamsos.delivery.redeliveryDelayMs"), props.getLong("jamsos.delivery.maxRedeliveryDelayMs"),
                props.getInt("jamsos.enroller.concurrency"));
    }

    /** TLS towards an ssl:// broker ({@code jamsos.broker.tls.*}), for every broker connection a command makes. */
    public static BrokerTls brokerTls(GatewayProperties props) {
        return BrokerTls.from(k -> props.get(k, ""));
    }

    /**
     * Bounds the stop (systemd gives 60 s, operators expect a few): with the broker away, at once,
     * otherwise after Camel's shutdown timeout, the broker transports are cut so that no thread
     * stays waiting for the broker and Camel's stop can finish (see {@link BrokerConnections}).
     */
    private Thread brokerCutter() {
        JmsPoolConnectionFactory pool = main.getCamelContext().getRegistry()
                .lookupByNameAndType(GatewayConfiguration.BROKER, JmsPoolConnectionFactory.class);
        if (pool == null || !(pool.getConnectionFactory() instanceof BrokerConnections broker)) {
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

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The periods of cover, as the running gateway reads and writes them. */
    public CoverageLedger coverage() {
        return context().getRegistry().lookupByNameAndType("coverageLedger", CoverageLedger.class);
    }

    /** The programme's budget plan, as the running gateway keeps it. */
    public BudgetPlanner budgetPlanner() {
        return context().getRegistry().lookupByNameAndType("budgetPlanner", BudgetPlanner.class);
    }

    /**
     * Stops Camel, which stops the routes first and then closes what {@link GatewayConfiguration}
     * opened (the broker pool, the queue-depth browser, Vert.x, the ledger's pool).
     */
    @Override
    public void close() {
        Thread cutter = brokerCutter();
        if (reloader != null) {
            reloader.close();
        }
        main.stop();
        cutter.interrupt();
    }
}
