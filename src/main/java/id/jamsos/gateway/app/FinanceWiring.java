package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementBuilder;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Function;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The parts of the finance side that the running gateway ({@link GatewayConfiguration}) and the
 * {@code statement} command both make, from settings given as a lookup (Camel's properties component
 * in the gateway, {@link GatewayProperties} in the command, which runs without Camel).
 */
public final class FinanceWiring {

    private static final Logger LOG = LoggerFactory.getLogger(FinanceWiring.class);

    public static final String BUDGET_ACCOUNT_PREFIX = "jamsos.finance.budgetAccount.";

    private FinanceWiring() {
    }

    public static FinanceSignature.Signer signer(GatewayProperties props) {
        return signer(props.get("jamsos.finance.signingKey", ""), props.get("jamsos.finance.verifyKey", ""));
    }

    /**
     * The key finance messages are signed with ({@code jamsos.finance.signingKey} and its public key
     * {@code verifyKey}; the configuration check requires both in production and that they are a pair).
     * Without them, trying the gateway out, a pair made now: messages are signed, but nobody can
     * verify them after this process, which the WARN says.
     */
    static FinanceSignature.Signer signer(String signing, String verify) {
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
        return statementBuilder(setting(props), finance, ledger, agencies, invoices, json, clock);
    }

    static StatementBuilder statementBuilder(Function<String, String> setting, FinanceLedger finance, Ledger ledger,
                                             AgencyRegistry agencies, StatementBuilder.InvoiceSource invoices,
                                             ObjectMapper json, Clock clock) {
        Programme programme = Programme.from(setting);
        return new StatementBuilder(finance, ledger, agencies, programme, invoices,
                setting.apply("jamsos.regionCode"),
                Long.parseLong(setting.apply("jamsos.defaultIncome")),
                annualBudget(setting, programme),
                ZoneId.of(setting.apply("jamsos.finance.zone")), json, clock);
    }

    /**
     * jamsos.finance.annualBudget is deprecated: the statement's budget check reads the programme's budget
     * (its sources plus the top-ups recorded), the same figure as the plan, the {@code budget} command and
     * the waitlist, and a programme is always configured (jamsos-defaults.properties gives one). A value
     * still set is not read; the WARN says so at start (and in the {@code statement} command), with both
     * figures when they differ. 0 when unset: the builder's fallback for no programme, which the gateway
     * never uses.
     */
    static long annualBudget(Function<String, String> setting, Programme programme) {
        String value = setting.apply("jamsos.finance.annualBudget");
        if (value == null || value.isBlank()) {
            return 0L;
        }
        long annual;
        try {
            annual = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            annual = -1;
        }
        LOG.warn("jamsos.finance.annualBudget={} is deprecated and no longer read: the statement's budget check uses"
                + " programme {}'s budget, Rp {} configured (jamsos.programme.source.<CODE>.budget) plus the top-ups"
                + " recorded with `budget add`{}; remove the setting (docs/finance.md)", value.trim(), programme.id(),
                programme.budget(), annual == programme.budget() ? "" : " (the deprecated value differs)");
        return Math.max(annual, 0L);
    }

    /**
     * The transaction the outbox sends a batch in: every send of the route joins one transacted JMS
     * session on {@code broker} (the activemq component's own connection factory, so that its
     * producers find the session), committed when the route ends.
     */
    static SpringTransactionPolicy jmsTransaction(ConnectionFactory broker) {
        return new SpringTransactionPolicy(new JmsTransactionManager(broker));
    }

    /**
     * {@code jamsos.finance.budgetAccount.JKM=...} and so on: claim type to budget account code.
     * @param keys every setting's name; {@code setting} gives the value
     */
    static Map<String, String> budgetAccounts(Iterable<String> keys, Function<String, String> setting) {
        Map<String, String> accounts = new HashMap<>();
        for (String k : keys) {
            if (k.startsWith(BUDGET_ACCOUNT_PREFIX)) {
                accounts.put(k.substring(BUDGET_ACCOUNT_PREFIX.length()), setting.apply(k));
            }
        }
        return accounts;
    }

    /** A setting of {@code props}, empty when unset (every key the helpers read has a default). */
    private static Function<String, String> setting(GatewayProperties props) {
        return k -> props.get(k, "");
    }
}
