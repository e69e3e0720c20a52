package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.cluster.TaskLock;
import id.jamsos.gateway.finance.ArrearsWatch;
import id.jamsos.gateway.finance.BudgetPlanner;
import id.jamsos.gateway.finance.LapseCheck;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.finance.FinanceNotices;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.finance.PaymentMessages;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.ops.OpsPage;
import id.jamsos.gateway.ops.WaitlistAutoRelease;
import id.jamsos.gateway.ops.WaitlistRelease;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.function.Suppliers;
import org.apache.camel.PropertyInject;

/**
 * The beans of invoices, payments and arrears (routes/payments.camel.yaml; docs/finance.md), made by
 * Camel as {@link GatewayConfiguration}'s are, from a class of their own: Camel 4.18 sorts a
 * configuration's {@code @BindToRegistry} methods with a comparator that streams over the list being
 * sorted, and past 32 methods TimSort's merges can make it contradict itself ("Comparison method
 * violates its general contract!") depending on how many methods there are and in what order. A second,
 * small class keeps {@link Gateway}'s start independent of that.
 */
public final class PaymentsConfiguration implements CamelConfiguration {

    private final AgencyRegistryHolder agencies;
    private final DataSource dataSource;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();

    public PaymentsConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, Clock clock) {
        this.agencies = agencies;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @BindToRegistry(lazy = true)
    public PaymentLedger paymentLedger() {
        return new PaymentLedger(dataSource);
    }

    @BindToRegistry(lazy = true)
    public PaymentDesk paymentDesk(PaymentLedger payments, FinanceLedger finance, Programme programme,
                                   @PropertyInject("jamsos.regionCode") String regionCode,
                                   @PropertyInject("jamsos.defaultIncome") long defaultIncome,
                                   @PropertyInject("jamsos.finance.paymentDueDay") int dueDay,
                                   @PropertyInject("jamsos.finance.zone") String zone) {
        return new PaymentDesk(payments, finance, programme, regionCode.trim(), defaultIncome, dueDay,
                ZoneId.of(zone.trim()), clock);
    }

    /**
     * The account's state for the status page and the metrics (jamsos_arrears_*), read at most every 30 s.
     * Made by {@link #wire} once the gateway runs, or by the notices route.
     */
    @BindToRegistry(lazy = true)
    public ArrearsWatch arrearsWatch(PaymentDesk desk, GatewayMetrics metrics) {
        ArrearsWatch watch = new ArrearsWatch(desk::arrears, clock, Duration.ofSeconds(30));
        watch.meters(metrics.registry());
        return watch;
    }

    @BindToRegistry(lazy = true)
    public FinanceNotices financeNotices(PaymentDesk desk, CoverageLedger coverage, Ledger ledger, ArrearsWatch watch,
            @PropertyInject("jamsos.finance.notices.coverageBatch") int coverageBatch,
            id.jamsos.gateway.ledger.OtherPayerLedger otherPayers) {
        return new FinanceNotices(desk, coverage, kpj -> ledger.findWorkerByKpj(kpj).map(w -> w.nik()),
                id -> agencies.get().byId(id).map(Agency::name).orElse(null), watch, coverageBatch, json, clock)
                .otherPayersTo(otherPayers);
    }

    /**
     * Once the context runs: the arrears gauges in the gateway's metrics, and the account on the status
     * page (a section of its own). Done here rather than in GatewayConfiguration's beans so that this
     * class's beans stay apart from that class (see the class comment).
     */
    static void wire(CamelContext context) {
        ArrearsWatch watch = context.getRegistry().lookupByNameAndType("arrearsWatch", ArrearsWatch.class);
        OpsPage page = context.getRegistry().lookupByNameAndType("opsPage", OpsPage.class);
        if (watch != null && page != null) {
            page.showArrears(watch::current);
        }
        LapseCheck lapse = context.getRegistry().lookupByNameAndType("lapseCheck", LapseCheck.class);
        if (lapse != null && page != null) {
            page.showOtherPayerGuard(lapse::otherPayerHeld);
        }
    }

    @BindToRegistry(lazy = true)
    public PaymentMessages paymentMessages(PaymentDesk desk) {
        return new PaymentMessages(desk);
    }

    /** The lapse check of routes/lapse.camel.yaml: BPJS's membership status of the covered workers while in arrears. */
    @BindToRegistry(lazy = true)
    public LapseCheck lapseCheck(ArrearsWatch watch, CoverageLedger coverage, GatewayMetrics metrics,
            @PropertyInject("jamsos.lapse.pageSize") int pageSize,
            @PropertyInject("jamsos.lapse.recheckHours") long recheckHours,
            id.jamsos.gateway.audit.AuditTrail audit, id.jamsos.gateway.ledger.OtherPayerLedger otherPayers,
            @PropertyInject("jamsos.regionCode") String regionCode,
            @PropertyInject(value = "jamsos.payerRegionCodes", defaultValue = "") String payerRegionCodes,
            @PropertyInject(value = "jamsos.finance.otherPayerMaxShare", defaultValue = "0.05") double otherPayerMaxShare,
            @PropertyInject("jamsos.payerCheck.cron") String payerCron,
            @PropertyInject("jamsos.finance.zone") String zone) {
        // The same bean runs the monthly payer round (route payer-check, jamsos.payerCheck.*): one guard, one gauge.
        return new LapseCheck(watch::current, coverage, json, pageSize, Duration.ofHours(recheckHours), clock,
                metrics.registry()).auditTo(audit).otherPayersTo(otherPayers,
                        payerRegionCodes.isBlank() ? regionCode : regionCode + "," + payerRegionCodes)
                .otherPayerMaxShare(otherPayerMaxShare)
                .payerRoundsOn(id.jamsos.gateway.finance.StatementCron.parse(payerCron, ZoneId.of(zone.trim())));
    }

    /**
     * The waitlist released by itself (routes/waitlist.camel.yaml): jobs go to direct:waitlist-job, which
     * queues them for the enroller; one release at a time across processes (a lease of cluster_lease).
     */
    @BindToRegistry(lazy = true)
    public WaitlistAutoRelease waitlistAutoRelease(CamelContext context, BudgetPlanner planner, Ledger ledger,
            @PropertyInject("jamsos.programme.overBudgetPolicy") String policy,
            @PropertyInject("jamsos.bpjs.batchSize") int batchSize) {
        Supplier<ProducerTemplate> producer = Suppliers.memorize(context::createProducerTemplate);
        WaitlistRelease release = new WaitlistRelease(planner, ledger.personalData(), json,
                (fileId, agencyId, sealedJob) -> producer.get().sendBodyAndHeaders("direct:waitlist-job",
                        ExchangePattern.InOnly, sealedJob, Map.of(Headers.FILE_ID, fileId, Headers.AGENCY_ID, agencyId)),
                batchSize, new TaskLock(dataSource, WaitlistRelease.LOCK, Duration.ofMinutes(15).toMillis()));
        return new WaitlistAutoRelease(release, OverBudgetPolicy.of(policy));
    }
}
