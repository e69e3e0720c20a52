package id.jamsos.gateway.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.claims.CallbackGate;
import id.jamsos.gateway.claims.ClaimCatalogue;
import id.jamsos.gateway.claims.ClaimCallback;
import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.claims.ClaimsListing;
import id.jamsos.gateway.claims.SenderAllowList;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.finance.BpjsInvoiceClient;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.FinanceSigner;
import id.jamsos.gateway.finance.InvoiceAnswer;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.finance.StatementSchedule;
import id.jamsos.gateway.ledger.CallbackReplayLedger;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.main.Main;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The finance side's beans (claims in by callback and pull, contribution statements, the budget
 * check), bound for routes/claims*.camel.yaml and routes/statements.camel.yaml. Kept out of
 * {@link Gateway} so that its assembly stays short.
 */
public final class FinanceWiring {

    private static final Logger LOG = LoggerFactory.getLogger(FinanceWiring.class);

    public static final String BUDGET_ACCOUNT_PREFIX = "jamsos.finance.budgetAccount.";

    private FinanceWiring() {
    }

    /** Binds the finance beans; returns the statement builder, whose budget check the status page shows. */
    public static StatementBuilder bind(Main main, GatewayProperties props, DataSource dataSource, Ledger ledger,
                            ConnectionFactory broker, AgencyRegistry agencies, ObjectMapper json, Clock clock) {
        FinanceLedger finance = new FinanceLedger(dataSource, ledger.personalData());
        ZoneId zone = ZoneId.of(props.get("jamsos.finance.zone"));
        ClaimOutbox outbox = new ClaimOutbox(finance, props.getInt("jamsos.finance.publishBatch"),
                new ClaimOutbox.Timing(Duration.ofMillis(props.getLong("jamsos.finance.publishIntervalMs")),
                        Duration.ofMillis(props.getLong("jamsos.finance.publishLingerMs")),
                        Duration.ofMillis(props.getLong("jamsos.finance.searchIntervalMs")),
                        Duration.ofSeconds(props.getLong("jamsos.claims.leaseSeconds"))), clock);
        ClaimProcessor processor = new ClaimProcessor(ledger, finance, agencies, budgetAccounts(props), zone, json,
                clock, outbox::wake, ClaimCatalogue.from(k -> props.get(k, "")));
        int withoutMessage = finance.unpublishedClaimsWithoutMessage();
        if (withoutMessage > 0) {
            // Recorded by a gateway from before the outbox, and never published: the outbox cannot send
            // them, the next callback or pull of each claim does.
            LOG.warn("{} claim(s) recorded before the claim outbox were never published; each is published when"
                    + " BPJS calls back or the claims pull sees it again (see docs/finance.md)", withoutMessage);
        }
        main.bind("financeLedger", finance);
        main.bind("claimProcessor", processor);
        main.bind("claimOutbox", outbox);
        main.bind("financeTransaction", jmsTransaction(broker));
        main.bind("financeSigner", new FinanceSigner(signer(props)));

        String callbackUserKey = props.get("jamsos.callback.userKey", "");
        main.bind("claimCallback", new ClaimCallback(new RequestAuthenticator(props.get("jamsos.callback.consId"),
                props.get("jamsos.callback.secret"), callbackUserKey.isEmpty() ? null : callbackUserKey,
                Duration.ofSeconds(props.getLong("jamsos.callback.windowSeconds")), clock,
                new CallbackReplayLedger(dataSource)::firstSighting, true),
                processor, json, props.getInt("jamsos.callback.maxBodyBytes"),
                new CallbackGate(props.getInt("jamsos.callback.maxConcurrent"),
                        props.getLong("jamsos.callback.admitWaitMs")),
                SenderAllowList.parse(props.get("jamsos.callback.allowedSenders", ""))));

        main.bind("claimsListing", new ClaimsListing(json));
        main.bind("claimPuller", new ClaimPuller(processor, finance,
                props.get("jamsos.claims.pull.initialSince"), props.getInt("jamsos.claims.pull.pageSize"), json, clock));

        main.bind("invoiceAnswer", new InvoiceAnswer(json));
        StatementBuilder statements = statementBuilder(props, finance, ledger, agencies,
                new BpjsInvoiceClient(main::getCamelContext), json, clock);
        main.bind("statementBuilder", statements);
        main.bind("statementSchedule", new StatementSchedule(statements, finance,
                StatementCron.parse(props.get("jamsos.statements.cron"), zone), json, clock));
        return statements;
    }

    /**
     * The key finance messages are signed with ({@code jamsos.finance.signingKey} and its public key
     * {@code verifyKey}; the configuration check requires both in production and that they are a pair).
     * Without them, trying the gateway out, a pair made now: messages are signed, but nobody can
     * verify them after this process, which the WARN says.
     */
    public static FinanceSignature.Signer signer(GatewayProperties props) {
        String signing = props.get("jamsos.finance.signingKey", "");
        String verify = props.get("jamsos.finance.verifyKey", "");
        if (signing.isBlank() || verify.isBlank()) {
            java.security.KeyPair pair = FinanceSignature.generate();
            FinanceSignature.Signer signer = new FinanceSignature.Signer(pair.getPrivate(), pair.getPublic());
            LOG.warn("jamsos.finance.signingKey/verifyKey not set: finance messages are signed with key {} made at"
                    + " this start, which the finance system does not hold (set both in production; docs/finance.md)",
                    signer.keyId());
            return signer;
        }
        return FinanceSignature.Signer.of(signing, verify);
    }

    /** The statement builder on the ledger and the endpoint's invoice; the statement command uses it too. */
    public static StatementBuilder statementBuilder(GatewayProperties props, FinanceLedger finance, Ledger ledger,
                                                    AgencyRegistry agencies, StatementBuilder.InvoiceSource invoices,
                                                    ObjectMapper json, Clock clock) {
        return new StatementBuilder(finance, ledger, agencies, invoices,
                props.get("jamsos.regionCode"), props.getLong("jamsos.defaultIncome"),
                props.getLong("jamsos.finance.annualBudget"), ZoneId.of(props.get("jamsos.finance.zone")), json, clock);
    }

    /**
     * The transaction the outbox sends a batch in: every send of the route joins one transacted JMS
     * session on {@code broker} (the activemq component's own connection factory, so that its
     * producers find the session), committed when the route ends.
     */
    static SpringTransactionPolicy jmsTransaction(ConnectionFactory broker) {
        return new SpringTransactionPolicy(new JmsTransactionManager(broker));
    }

    /** {@code jamsos.finance.budgetAccount.JKM=...} and so on: claim type to budget account code. */
    static Map<String, String> budgetAccounts(GatewayProperties props) {
        Map<String, String> accounts = new HashMap<>();
        props.asProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(BUDGET_ACCOUNT_PREFIX))
                .forEach(k -> accounts.put(k.substring(BUDGET_ACCOUNT_PREFIX.length()), props.get(k)));
        return accounts;
    }
}
