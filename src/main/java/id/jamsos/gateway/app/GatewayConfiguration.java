package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.claims.CallbackGate;
import id.jamsos.gateway.claims.ClaimCallback;
import id.jamsos.gateway.claims.ClaimCatalogue;
import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.claims.ClaimsListing;
import id.jamsos.gateway.claims.SenderAllowList;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.BatchAnswers;
import id.jamsos.gateway.enrollment.BatchRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.enrollment.OutcomeRecorder;
import id.jamsos.gateway.finance.BpjsInvoiceClient;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.finance.InvoiceAnswer;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.finance.StatementSchedule;
import id.jamsos.gateway.intake.FileFailures;
import id.jamsos.gateway.intake.ChangeChecks;
import id.jamsos.gateway.intake.FileIntake;
import id.jamsos.gateway.intake.MarkerContent;
import id.jamsos.gateway.intake.UnsafeNameFilter;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.CallbackReplayLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerIdempotentRepository;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LedgerWriteHealth;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.OperatorSessionLedger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.Retention;
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
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.report.StaleReports;
import id.jamsos.gateway.report.UploadRetries;
import id.jamsos.gateway.retention.RetentionJob;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.ValidationSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.util.function.Suppliers;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the routes call by name, made by Camel from this one class: each {@code @BindToRegistry}
 * method takes its settings as {@code @PropertyInject} values from Camel's properties component and
 * the other beans it needs as parameters, which Camel finds in the registry by type. Every bean is
 * lazy, so Camel makes a bean when a route, a health check or another bean first asks for it, and the
 * order of the methods here does not matter. {@link Gateway} has Camel process it as Camel main does a
 * configuration class, only earlier (before main's auto-configuration, which takes the metrics registry).
 * <p>
 * What is not a setting comes through the constructor: the agencies (they change while running), the
 * ledger's pool (opened and migrated before Camel starts, so that a start with a bad database leaves
 * nothing half running), the personal-data keys (read before the ledger is opened) and the clock.
 * What this class opens Camel closes after the routes ({@link #gatewayResources}).
 */
public final class GatewayConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** The pooled broker connection, shared by the activemq component, the outbox's transaction and ops. */
    static final String BROKER = "brokerConnectionFactory";

    private final AgencyRegistryHolder agencies;
    private final DataSource dataSource;
    private final PersonalDataCipher pii;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final ClosedOnStop closedOnStop = new ClosedOnStop();

    /** @param dataSource the ledger's pool; closed by Camel when the context stops, after all that use it */
    public GatewayConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii,
                                Clock clock) {
        this.agencies = agencies;
        this.dataSource = dataSource;
        this.pii = pii;
        this.clock = clock;
        if (dataSource instanceof AutoCloseable pool) {
            closedOnStop.add(pool);
        }
    }

    /**
     * What this class opened, closed when Camel stops its registry: the last step of a stop, after the
     * routes, the components and the HTTP servers (destroy methods of the registry's beans).
     */
    @BindToRegistry(value = "gatewayResources", destroyMethod = "close")
    public ClosedOnStop gatewayResources() {
        return closedOnStop;
    }

    /** A setting by name from Camel's properties component, for the helpers shared with the commands. */
    private static Function<String, String> settings(CamelContext context) {
        return k -> context.getPropertiesComponent().resolveProperty(k).map(String::trim).orElse("");
    }

    // --- Ledger, broker, HTTP server ---

    @BindToRegistry(lazy = true)
    public Ledger ledger(@PropertyInject("jamsos.finance.zone") String zone) {
        return new Ledger(dataSource, clock, pii, ZoneId.of(zone.trim()));
    }

    /**
     * The programme year, its funding sources and budgets (jamsos.programme.*). Made when Camel
     * configures, not at first use: a mistyped budget stops the start with the setting's name.
     */
    @BindToRegistry
    public Programme programme(CamelContext context) {
        return Programme.from(settings(context));
    }

    /** The programme's budget plan: top-ups, cost of the cohort month by month, the waitlist (V18). */
    @BindToRegistry(lazy = true)
    public BudgetPlanner budgetPlanner(Programme programme, @PropertyInject("jamsos.defaultIncome") long defaultIncome,
            @PropertyInject("jamsos.finance.zone") String zone) {
        return new BudgetPlanner(programme, new BudgetLedger(dataSource, pii, clock), defaultIncome,
                ZoneId.of(zone.trim()), clock);
    }

    /** Who is covered in which month, and why cover ended (docs/finance.md, "Coverage periods"). */
    @BindToRegistry(lazy = true)
    public CoverageLedger coverageLedger(@PropertyInject("jamsos.finance.zone") String zone) {
        return new CoverageLedger(dataSource, clock, ZoneId.of(zone.trim()));
    }

    @BindToRegistry(lazy = true)
    public LedgerIdempotentRepository intakeIdempotentRepository() {
        return new LedgerIdempotentRepository(dataSource, "intake");
    }

    @BindToRegistry(value = BROKER, lazy = true)
    public JmsPoolConnectionFactory brokerConnectionFactory(CamelContext context,
            @PropertyInject("jamsos.broker.url") String url, @PropertyInject("jamsos.broker.user") String user,
            @PropertyInject("jamsos.broker.password") String password,
            @PropertyInject("jamsos.broker.prefetch") int prefetch,
            @PropertyInject("jamsos.delivery.redeliveryDelayMs") long redeliveryDelayMs,
            @PropertyInject("jamsos.delivery.maxRedeliveryDelayMs") long maxRedeliveryDelayMs,
            @PropertyInject("jamsos.enroller.concurrency") int concurrency) {
        JmsPoolConnectionFactory pool = BrokerPool.create(url.trim(), user.trim(), password.trim(),
                BrokerTls.from(settings(context)), prefetch, redeliveryDelayMs, maxRedeliveryDelayMs, concurrency);
        closedOnStop.add(pool::stop);
        return pool;
    }

    @BindToRegistry(lazy = true)
    public ActiveMQComponent activemq(JmsPoolConnectionFactory broker) {
        ActiveMQComponent component = new ActiveMQComponent();
        component.setConnectionFactory(broker);
        // Persistent delivery is JMS's default; said here because losing a row is not acceptable.
        component.setDeliveryPersistent(true);
        return component;
    }

    @BindToRegistry(lazy = true)
    public HttpServerLimits httpServerLimits(@PropertyInject("jamsos.http.idleTimeoutSeconds") int idleSeconds,
            @PropertyInject("jamsos.http.headTimeoutMs") long headMs, @PropertyInject("jamsos.http.bodyTimeoutMs") long bodyMs,
            @PropertyInject("jamsos.http.maxConnections") int maxConnections,
            @PropertyInject("jamsos.http.maxHeaderBytes") int maxHeaderBytes,
            @PropertyInject("jamsos.http.maxInitialLineLength") int maxInitialLineLength,
            @PropertyInject(value = "camel.management.enabled", defaultValue = "false") boolean management,
            @PropertyInject(value = "camel.management.port", defaultValue = "-1") int managementPort,
            @PropertyInject(value = "camel.management.healthPath", defaultValue = "/observe/health") String healthPath) {
        return new HttpServerLimits(idleSeconds, headMs, bodyMs, maxConnections, maxHeaderBytes, maxInitialLineLength,
                management ? managementPort : -1, healthPath.trim());
    }

    /** Camel's platform-http server takes the registry's Vert.x: this one gives it timeouts and a cap. */
    @BindToRegistry(lazy = true)
    public Vertx vertx(HttpServerLimits limits) {
        Vertx vertx = limits.vertx();
        closedOnStop.add(vertx::close);
        return vertx;
    }

    // --- Intake, reports, retention (routes/agency-intake, reports, retention) ---

    @BindToRegistry(value = AgencyRoutes.FILE_VALIDATOR, lazy = true)
    public AgencyFileValidator agencyFileValidator(@PropertyInject("jamsos.defaultIncome") long defaultIncome,
            @PropertyInject("jamsos.intake.maxFileMib") long maxFileMib,
            @PropertyInject("jamsos.validation.maxSharedStringsMib") long maxSharedStringsMib,
            @PropertyInject("jamsos.validation.maxRows") long maxRows,
            @PropertyInject("jamsos.validation.maxPackagePartMib") long maxPackagePartMib) {
        return new AgencyFileValidator(new ValidationSettings(defaultIncome, maxFileMib * 1024 * 1024,
                ValidationSettings.defaults().maxLineChars(), clock, maxSharedStringsMib * 1024 * 1024, maxRows,
                maxPackagePartMib * 1024 * 1024));
    }

    @BindToRegistry(lazy = true)
    public FileIntake fileIntake(Ledger ledger, AgencyFileValidator validator, OpsQueries queries,
            BudgetPlanner budget, @PropertyInject("jamsos.programme.overBudgetPolicy") String overBudgetPolicy,
            CoverageLedger coverageLedger,
            @PropertyInject("jamsos.programs") String programs, @PropertyInject("jamsos.regionCode") String regionCode,
            @PropertyInject("jamsos.bpjs.batchSize") int batchSize,
            @PropertyInject("jamsos.intake.maxRowsPerDay") long maxRowsPerDay,
            @PropertyInject("jamsos.intake.maxOpenRows") long maxOpenRows) {
        EnrollmentMapper mapper = new EnrollmentMapper(Arrays.stream(programs.split(",")).map(String::trim).toList(),
                regionCode.trim());
        // Change rows (AKSI) are checked against the ledger at intake; PINDAH names an agency of
        // agencies.yaml as it is at that moment (a reload applies).
        ChangeChecks changes = new ChangeChecks(ledger, coverageLedger,
                agencyId -> agencies.get().byId(agencyId).isPresent(), json);
        FileIntake intake = new FileIntake(ledger, validator, mapper, changes, batchSize, clock);
        // agencies.yaml's max_file_bytes, max_rows_per_day, max_open_rows; what an agency leaves out comes
        // from jamsos.intake.* (0: no such limit), read at each file so that a reload applies.
        AgencyLimits defaults = new AgencyLimits(null, positiveOrNull(maxRowsPerDay), positiveOrNull(maxOpenRows));
        intake.limitTo(agencyId -> agencies.get().byId(agencyId).map(Agency::limits).orElse(AgencyLimits.NONE)
                .orElse(defaults));
        // The requests are kept for replay (the status page's "replay parked rows").
        intake.keepRequestsIn((fileId, items) -> queries.storeItems(fileId, OpsWiring.itemsAsJson(json, items)));
        // Enrollments the budget cannot carry to the programme's last month: warned about, or waitlisted.
        intake.checkBudget(OverBudgetPolicy.of(overBudgetPolicy), () -> budget.headroom(budget.plan(), false));
        return intake;
    }

    /**
     * Which of several gateway processes polls the inboxes. Made after start, by {@link Gateway} (liveness
     * watches the lease) or by the first agency's intake route: its lease is a service of the running context.
     */
    @BindToRegistry(value = "intakeLease", lazy = true)
    public IntakeLeadership intakeLease(CamelContext context, @PropertyInject("jamsos.cluster.enabled") boolean clustered,
            @PropertyInject("jamsos.cluster.memberId") String memberId,
            @PropertyInject("jamsos.cluster.leaseSeconds") long leaseSeconds,
            @PropertyInject("jamsos.cluster.renewSeconds") long renewSeconds) throws Exception {
        return IntakeLeadership.create(context, dataSource, clustered, memberId.trim(), leaseSeconds, renewSeconds);
    }

    /** The route policy the intake template names. */
    @BindToRegistry(value = IntakeLeadership.BEAN, lazy = true)
    public RoutePolicy intakeLeadership(IntakeLeadership lease) {
        return lease.policy();
    }

    @BindToRegistry(lazy = true)
    public FileFailures fileFailures(Ledger ledger, @PropertyInject("jamsos.intake.maxAttempts") int maxAttempts,
                                     @PropertyInject("jamsos.intake.pollDelayMs") long pollDelayMs) {
        return new FileFailures(ledger, maxAttempts, Duration.ofMillis(pollDelayMs), clock);
    }

    @BindToRegistry(value = AgencyRoutes.UNSAFE_NAME_FILTER, lazy = true)
    public UnsafeNameFilter unsafeNameFilter() {
        return new UnsafeNameFilter();
    }

    @BindToRegistry(lazy = true)
    public MarkerContent markerContent() {
        return new MarkerContent();
    }

    @BindToRegistry(lazy = true)
    public ReportWriter reportWriter(Ledger ledger, @PropertyInject("jamsos.work.dir") String workDir) {
        return new ReportWriter(ledger, Path.of(workDir.trim()).resolve("reports"), id -> agencies.get().byId(id)
                .map(a -> "sftp://" + a.user() + "@" + a.host() + ":" + a.port() + "/" + a.outbox()).orElse("?"));
    }

    @BindToRegistry(lazy = true)
    public UploadRetries uploadRetries(@PropertyInject("jamsos.reports.uploadRetries") int retries,
                                       @PropertyInject("jamsos.reports.uploadRetryDelayMs") long delayMs) {
        return new UploadRetries(retries, delayMs);
    }

    @BindToRegistry(lazy = true)
    public StaleReports staleReports(Ledger ledger, @PropertyInject("jamsos.reports.staleAfterMs") long staleAfterMs) {
        return new StaleReports(ledger, Duration.ofMillis(staleAfterMs), clock);
    }

    @BindToRegistry(value = AgencyRoutes.RETENTION_JOB, lazy = true)
    public RetentionJob retentionJob(@PropertyInject("jamsos.retention.days") int days,
                                     @PropertyInject("jamsos.retention.batchSize") int batchSize) {
        return new RetentionJob(new Retention(dataSource, clock), days, batchSize, clock);
    }

    // --- Enroller (routes/enroller.camel.yaml and its error handler) ---

    @BindToRegistry(value = CredentialsAlarm.BEAN, lazy = true)
    public CredentialsAlarm credentialsAlarm(@PropertyInject("jamsos.bpjs.consId") String consId,
            @PropertyInject("jamsos.bpjs.credentialsCheckSeconds") long checkSeconds,
            @PropertyInject("jamsos.delivery.maxWaitMs") long maxWaitMs) {
        return new CredentialsAlarm(consId.trim(), Duration.ofSeconds(checkSeconds), maxWaitMs, clock);
    }

    /** The endpoint's circuit breaker, used by the enroller's circuitBreaker step by reference. */
    @BindToRegistry(value = "bpjsCircuitBreaker", lazy = true)
    public CircuitBreaker bpjsCircuitBreaker(@PropertyInject("jamsos.breaker.windowCalls") int windowCalls,
            @PropertyInject("jamsos.breaker.minimumCalls") int minimumCalls,
            @PropertyInject("jamsos.breaker.failureRatePercent") int failureRatePercent,
            @PropertyInject("jamsos.breaker.openSeconds") long openSeconds,
            @PropertyInject("jamsos.breaker.halfOpenCalls") int halfOpenCalls) {
        return EndpointCircuitBreaker.create(windowCalls, minimumCalls, failureRatePercent, openSeconds, halfOpenCalls);
    }

    /**
     * Half-open is still an outage: only probe calls pass. A detail, not readiness: while BPJS is down
     * the gateway still takes files and claim callbacks, and jobs wait on the broker.
     */
    @BindToRegistry(lazy = true)
    public DetailCheck endpointHealthCheck(CircuitBreaker breaker) {
        return new DetailCheck(OpsHealth.ENDPOINT, () -> breaker.getState() == CircuitBreaker.State.CLOSED
                || breaker.getState() == CircuitBreaker.State.DISABLED,
                "the circuit breaker towards BPJS is open: BPJS failed too many calls");
    }

    @BindToRegistry(lazy = true)
    public EndpointFailures endpointFailures(CircuitBreaker breaker) {
        return new EndpointFailures(breaker);
    }

    /**
     * The components for every call to BPJS ({@link BpjsHttp}). TLS towards BPJS (jamsos.bpjs.tls.*) on
     * the https component rather than on the endpoint:
     * camel-http takes an endpoint's sslContextParameters as "use TLS", even for an http:// URL (the
     * simulator, the demo). An https:// jamsos.bpjs.url gets the component, and with it these stores and
     * host name checks.
     */
    @BindToRegistry(lazy = true)
    public HttpComponent https(CamelContext context) {
        return BpjsHttp.component(BpjsTls.from(settings(context)).sslContextParameters());
    }

    /** Plain http to BPJS: the simulator, the demo. */
    @BindToRegistry(lazy = true)
    public HttpComponent http() {
        return BpjsHttp.component(null);
    }

    @BindToRegistry(lazy = true)
    public BpjsHeaderFilter bpjsHeaderFilter() {
        return new BpjsHeaderFilter();
    }

    @BindToRegistry(lazy = true)
    public RequestSigner bpjsSigner(@PropertyInject("jamsos.bpjs.consId") String consId,
                                    @PropertyInject("jamsos.bpjs.secret") String secret,
                                    @PropertyInject("jamsos.bpjs.userKey") String userKey) {
        return new RequestSigner(consId.trim(), secret.trim(), userKey.trim(), clock);
    }

    @BindToRegistry(lazy = true)
    public BatchRequests batchRequests() {
        return new BatchRequests();
    }

    @BindToRegistry(lazy = true)
    public BatchAnswers batchAnswers(CredentialsAlarm credentials) {
        return new BatchAnswers(json, credentials);
    }

    @BindToRegistry(lazy = true)
    public JobSeal jobSeal(@PropertyInject("jamsos.queue.acceptPlainJobs") boolean acceptPlainJobs) {
        return new JobSeal(pii, acceptPlainJobs);
    }

    @BindToRegistry(lazy = true)
    public DeliveryAttempts deliveryAttempts(@PropertyInject("jamsos.delivery.maxAttempts") int maxAttempts,
            @PropertyInject("jamsos.delivery.maxWaitMs") long maxWaitMs,
            @PropertyInject("jamsos.delivery.redeliveryDelayMs") long redeliveryDelayMs,
            @PropertyInject("jamsos.delivery.maxRedeliveryDelayMs") long maxRedeliveryDelayMs) {
        return new DeliveryAttempts(maxAttempts, maxWaitMs, redeliveryDelayMs, maxRedeliveryDelayMs);
    }

    @BindToRegistry(lazy = true)
    public OutcomeRecorder outcomeRecorder(Ledger ledger) {
        return new OutcomeRecorder(ledger);
    }

    // --- Finance (routes/claims*, claim-outbox, statements) ---

    @BindToRegistry(lazy = true)
    public FinanceLedger financeLedger(Ledger ledger) {
        FinanceLedger finance = new FinanceLedger(dataSource, ledger.personalData());
        int withoutMessage = finance.unpublishedClaimsWithoutMessage();
        if (withoutMessage > 0) {
            // Recorded by a gateway from before the outbox, and never published: the outbox cannot send
            // them, the next callback or pull of each claim does.
            LOG.warn("{} claim(s) recorded before the claim outbox were never published; each is published when"
                    + " BPJS calls back or the claims pull sees it again (see docs/finance.md)", withoutMessage);
        }
        return finance;
    }

    @BindToRegistry(lazy = true)
    public ClaimOutbox claimOutbox(FinanceLedger finance, @PropertyInject("jamsos.finance.publishBatch") int batch,
            @PropertyInject("jamsos.finance.publishIntervalMs") long intervalMs,
            @PropertyInject("jamsos.finance.publishLingerMs") long lingerMs,
            @PropertyInject("jamsos.finance.searchIntervalMs") long searchIntervalMs,
            @PropertyInject("jamsos.claims.leaseSeconds") long leaseSeconds) {
        return new ClaimOutbox(finance, batch, new ClaimOutbox.Timing(Duration.ofMillis(intervalMs),
                Duration.ofMillis(lingerMs), Duration.ofMillis(searchIntervalMs), Duration.ofSeconds(leaseSeconds)),
                clock);
    }

    @BindToRegistry(lazy = true)
    public ClaimProcessor claimProcessor(CamelContext context, Ledger ledger, FinanceLedger finance,
                                         ClaimOutbox outbox, @PropertyInject("jamsos.finance.zone") String zone,
                                         GatewayMetrics metrics) {
        Function<String, String> settings = settings(context);
        Map<String, String> budgetAccounts = FinanceWiring.budgetAccounts(context.getPropertiesComponent()
                .loadProperties(k -> k.startsWith(FinanceWiring.BUDGET_ACCOUNT_PREFIX)).stringPropertyNames(), settings);
        return new ClaimProcessor(ledger, finance, agencies.view(), budgetAccounts, ZoneId.of(zone.trim()), json, clock,
                outbox::wake, ClaimCatalogue.from(settings),
                (type, level) -> metrics.claimServiceLevel(type, level.workingDays(), level.late()));
    }

    @BindToRegistry(lazy = true)
    public SpringTransactionPolicy financeTransaction(JmsPoolConnectionFactory broker) {
        return FinanceWiring.jmsTransaction(broker);
    }

    @BindToRegistry(lazy = true)
    public FinanceSigner financeSigner(@PropertyInject("jamsos.finance.signingKey") String signingKey,
                                       @PropertyInject("jamsos.finance.verifyKey") String verifyKey) {
        return new FinanceSigner(FinanceWiring.signer(signingKey.trim(), verifyKey.trim()));
    }

    @BindToRegistry(lazy = true)
    public ClaimCallback claimCallback(ClaimProcessor processor,
            @PropertyInject("jamsos.callback.consId") String consId, @PropertyInject("jamsos.callback.secret") String secret,
            @PropertyInject("jamsos.callback.userKey") String userKey,
            @PropertyInject("jamsos.callback.windowSeconds") long windowSeconds,
            @PropertyInject("jamsos.callback.maxBodyBytes") int maxBodyBytes,
            @PropertyInject("jamsos.callback.maxConcurrent") int maxConcurrent,
            @PropertyInject("jamsos.callback.admitWaitMs") long admitWaitMs,
            @PropertyInject("jamsos.callback.allowedSenders") String allowedSenders) {
        return new ClaimCallback(new RequestAuthenticator(consId.trim(), secret.trim(),
                userKey.isBlank() ? null : userKey.trim(), Duration.ofSeconds(windowSeconds), clock,
                new CallbackReplayLedger(dataSource)::firstSighting, true),
                processor, json, maxBodyBytes, new CallbackGate(maxConcurrent, admitWaitMs),
                SenderAllowList.parse(allowedSenders.trim()));
    }

    /** Reads the answer of the claims pull's GET (routes/claims-pull.camel.yaml). */
    @BindToRegistry(lazy = true)
    public ClaimsListing claimsListing() {
        return new ClaimsListing(json);
    }

    @BindToRegistry(lazy = true)
    public ClaimPuller claimPuller(ClaimProcessor processor, FinanceLedger finance,
                                   @PropertyInject("jamsos.claims.pull.initialSince") String initialSince,
                                   @PropertyInject("jamsos.claims.pull.pageSize") int pageSize) {
        return new ClaimPuller(processor, finance, initialSince.trim(), pageSize, json, clock);
    }

    /** Reads the answer of the invoice's GET (routes/statements.camel.yaml). */
    @BindToRegistry(lazy = true)
    public InvoiceAnswer invoiceAnswer() {
        return new InvoiceAnswer(json);
    }

    @BindToRegistry(lazy = true)
    public StatementBuilder statementBuilder(CamelContext context, FinanceLedger finance, Ledger ledger) {
        return FinanceWiring.statementBuilder(settings(context), finance, ledger, agencies.view(),
                new BpjsInvoiceClient(() -> context), json, clock);
    }

    @BindToRegistry(lazy = true)
    public StatementSchedule statementSchedule(StatementBuilder statements, FinanceLedger finance,
                                               @PropertyInject("jamsos.statements.cron") String cron,
                                               @PropertyInject("jamsos.finance.zone") String zone) {
        return new StatementSchedule(statements, finance, StatementCron.parse(cron.trim(), ZoneId.of(zone.trim())), json,
                clock);
    }

    // --- Operations (routes/ops.camel.yaml, health checks, metrics) ---

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
    public GatewayMetrics gatewayMetrics(OpsQueries queries, QueueDepths depths, CredentialsAlarm credentials) {
        GatewayMetrics metrics = new GatewayMetrics(queries, depths, clock);
        credentials.meters(metrics.registry());
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
            @PropertyInject(value = "jamsos.ops.secureCookie", defaultValue = "false") boolean secureCookie) {
        return new OperatorAuth(token.trim(), new LoginThrottle(new LoginFailureLedger(dataSource,
                Duration.ofSeconds(loginWindowSeconds), LedgerTime.DATABASE), loginFailures, loginFailuresOverall),
                new OperatorSessions(new OperatorSessionLedger(dataSource, Duration.ofMinutes(sessionIdleMinutes),
                        Duration.ofHours(sessionHours), 1_000, LedgerTime.DATABASE)),
                secureCookie);
    }

    /** Parked rows sent again as enrollment jobs, through the activemq component once Camel runs. */
    @BindToRegistry(lazy = true)
    public Replayer replayer(CamelContext context, Ledger ledger, OpsQueries queries, GatewayMetrics metrics,
                             @PropertyInject("jamsos.queue.enrollment") String enrollmentQueue,
                             @PropertyInject("jamsos.bpjs.batchSize") int batchSize) {
        Supplier<ProducerTemplate> producer = Suppliers.memorize(context::createProducerTemplate);
        String uri = "activemq:queue:" + enrollmentQueue.trim();
        return new Replayer(ledger, queries, json, (fileId, agencyId, sealedJob) -> producer.get()
                .sendBodyAndHeaders(uri, ExchangePattern.InOnly, sealedJob,
                        Map.of(Headers.FILE_ID, fileId, Headers.AGENCY_ID, agencyId)), batchSize, metrics);
    }

    @BindToRegistry(lazy = true)
    public OpsApi opsApi(Ledger ledger, OpsQueries queries, Replayer replayer, GatewayMetrics metrics) {
        return new OpsApi(ledger, queries, replayer, metrics, json);
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

    private static Long positiveOrNull(long value) {
        return value > 0 ? value : null;
    }
}
