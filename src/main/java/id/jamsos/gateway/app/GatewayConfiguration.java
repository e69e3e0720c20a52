package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyLimits;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.FundingRule;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.intake.FileFailures;
import id.jamsos.gateway.intake.ChangeChecks;
import id.jamsos.gateway.intake.FileIntake;
import id.jamsos.gateway.intake.MarkerContent;
import id.jamsos.gateway.intake.UnsafeNameFilter;
import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.InvoiceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerIdempotentRepository;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.Retention;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.report.StaleReports;
import id.jamsos.gateway.report.UploadRetries;
import id.jamsos.gateway.retention.RetentionJob;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.NikBirthDatePolicy;
import id.jamsos.gateway.validation.ValidationSettings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.spi.RoutePolicy;
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
    private final List<Object> parts;

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
        this.parts = List.of(this, new EnrollerConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new FinanceConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new OpsConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new PortalConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new WorkerConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new AuditConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new RegistryConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new EligibilityConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new VerificationConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new ProofConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new OpsViewsConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new OtherPayerConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new NotifyConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new CoverageConfiguration(agencies, dataSource, pii, clock, closedOnStop),
                new IntakeWatchConfiguration(agencies, dataSource, pii, clock, closedOnStop));
    }

    /**
     * This class and its parts (enroller, finance, operations, portal, population registry), for Camel to process one after the
     * other: the beans are lazy and find one another in the registry by type, so the split is only
     * where the methods are written (each class under 32 of them, see {@link EnrollerConfiguration}).
     */
    public List<Object> withParts() {
        return parts;
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
    public Ledger ledger(@PropertyInject("jamsos.finance.zone") String zone, Programme programme,
                         BudgetPlanner budgetPlanner) {
        Ledger ledger = new Ledger(dataSource, clock, pii, ZoneId.of(zone.trim()));
        // Who pays a worker's period is recorded as it opens (docs/finance.md, "Coverage periods").
        ledger.fundPeriodsWith(new FundingRule(programme, budgetPlanner));
        return ledger;
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
            @PropertyInject("jamsos.validation.maxPackagePartMib") long maxPackagePartMib,
            @PropertyInject("jamsos.validation.nikBirthDate") String nikBirthDate) {
        return new AgencyFileValidator(new ValidationSettings(defaultIncome, maxFileMib * 1024 * 1024,
                ValidationSettings.defaults().maxLineChars(), clock, maxSharedStringsMib * 1024 * 1024, maxRows,
                maxPackagePartMib * 1024 * 1024).withNikBirthDate(NikBirthDatePolicy.parse(nikBirthDate)));
    }

    @BindToRegistry(lazy = true)
    public FileIntake fileIntake(Ledger ledger, AgencyFileValidator validator, OpsQueries queries,
            BudgetPlanner budget, @PropertyInject("jamsos.programme.overBudgetPolicy") String overBudgetPolicy,
            CoverageLedger coverageLedger, id.jamsos.gateway.ledger.NotificationLedger notifications,
            @PropertyInject("jamsos.programs") String programs, @PropertyInject("jamsos.regionCode") String regionCode,
            @PropertyInject("jamsos.bpjs.batchSize") int batchSize,
            @PropertyInject("jamsos.intake.maxRowsPerDay") long maxRowsPerDay,
            @PropertyInject("jamsos.intake.maxOpenRows") long maxOpenRows,
            @PropertyInject("jamsos.verification.enabled") boolean verificationEnabled) {
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
        // A row's consent to be told about cover (PERSETUJUAN) and its phone, per worker (docs/notifications.md).
        intake.keepContactsIn(notifications::recordStatements);
        // A row whose only problem is the NIK's birth date (jamsos.validation.nikBirthDate=registry) is for the
        // population registry to confirm; an agency whose rows it does not check has it refused as before.
        intake.verifiedBy(agencyId -> verificationEnabled && agencies.get().registryVerify(agencyId));
        // Enrollments the budget cannot carry to the programme's last month: warned about, or waitlisted.
        intake.checkBudget(OverBudgetPolicy.of(overBudgetPolicy), budget::intakeHeadroom);
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
                .map(a -> "sftp://" + a.user() + "@" + a.host() + ":" + a.port() + "/" + a.outbox()).orElse("?"),
                agencyId -> agencies.get().byId(agencyId).map(a -> a.reports())
                        .orElse(id.jamsos.gateway.config.ReportSettings.DEFAULT));
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
                                     @PropertyInject("jamsos.retention.batchSize") int batchSize,
                                     @PropertyInject("jamsos.retention.invoiceMonths") int invoiceMonths,
                                     @PropertyInject("jamsos.finance.zone") String zone) {
        return new RetentionJob(new Retention(dataSource, clock), days, batchSize, clock)
                .keepingInvoices(new InvoiceLedger(dataSource), invoiceMonths, ZoneId.of(zone.trim()));
    }

    private static Long positiveOrNull(long value) {
        return value > 0 ? value : null;
    }
}
