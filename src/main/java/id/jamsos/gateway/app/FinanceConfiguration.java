package id.jamsos.gateway.app;

import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.claims.CallbackGate;
import id.jamsos.gateway.claims.ClaimCallback;
import id.jamsos.gateway.claims.ClaimCatalogue;
import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.claims.ClaimsListing;
import id.jamsos.gateway.claims.SenderAllowList;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.finance.BpjsInvoiceClient;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.finance.InvoiceAnswer;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.finance.StatementSchedule;
import id.jamsos.gateway.ledger.CallbackReplayLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finance beans (routes/claims*, claim-outbox, statements): the finance ledger, the claim outbox and
 * processor, the callback and the pull, the statement builder and schedule, the finance signer. A part
 * of {@link GatewayConfiguration}, in a class of its own to keep each under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration} for why).
 */
public final class FinanceConfiguration extends ConfigurationPart {

    private static final Logger LOG = LoggerFactory.getLogger(FinanceConfiguration.class);

    FinanceConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
            ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
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

    /** Reads the answer of the invoice's GET (routes/statements.camel.yaml) as a stream, its lines into the ledger. */
    @BindToRegistry(lazy = true)
    public InvoiceAnswer invoiceAnswer(FinanceLedger finance) {
        return new InvoiceAnswer(json, finance.invoices(), clock);
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

}
