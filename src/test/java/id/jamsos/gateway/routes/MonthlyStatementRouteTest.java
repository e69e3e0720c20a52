package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.finance.FinanceSigner;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/statements.camel.yaml alone: a due month's statement goes to the finance queue signed, and is
 * recorded only once the broker took it; nothing due, nothing sent; a failure (no invoice yet, the
 * broker down) is handled by statement-errors and nothing is recorded. The timer is replaced by direct:,
 * the invoice route and the broker by mocks, the schedule (which reads the ledger) by a small fake; the
 * signer is the real one.
 */
class MonthlyStatementRouteTest extends RouteTestSupport {

    private static final String FINANCE_QUEUE = "test.finance";
    private static final KeyPair KEYS = FinanceSignature.generate();

    private final FakeStatementSchedule schedule = new FakeStatementSchedule();

    @Override
    protected String routeFile() {
        return "routes/statements.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.statements.enabled", "true", "jamsos.finance.queue", FINANCE_QUEUE);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        // The invoice call (route bpjs-invoice: BPJS over HTTP) is not this test's: the monthly route's
        // call to it is replaced by a mock below, and the route itself is left out.
        configuration.withRouteFilterExcludePattern("bpjs-invoice");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("statementSchedule", schedule);
        // The route runs on the leader only (routePolicy intakeLeadership); this one process leads.
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("financeSigner", new FinanceSigner(new FinanceSignature.Signer(KEYS.getPrivate(), KEYS.getPublic())));
    }

    private MockEndpoint startWithMocks() throws Exception {
        // The queue the route names, once its placeholder is resolved: where jamsos.finance.queue says.
        List<String> brokerUris = ProcessorDefinitionHelper.filterTypeInOutputs(
                        context.getRouteDefinition("statements-monthly").getOutputs(), ToDefinition.class).stream()
                .map(to -> context.resolvePropertyPlaceholders(to.getUri()))
                .filter(uri -> uri.startsWith("activemq:")).toList();
        assertThat(brokerUris).containsExactly("activemq:queue:" + FINANCE_QUEUE);
        AdviceWith.adviceWith(context, "statements-monthly", false, a -> {
            a.replaceFromWith("direct:statements");
            a.weaveById("fetch-invoice").replace().to("mock:bpjs-invoice");
            a.weaveByToUri("activemq:*").replace().to("mock:finance");
        });
        start();
        // BPJS's invoice for the period asked, or none yet (what the invoice route then throws).
        getMockEndpoint("mock:bpjs-invoice").whenAnyExchangeReceived(e -> {
            String period = e.getMessage().getBody(String.class);
            if (schedule.invoiceMissing) {
                throw new IllegalStateException("no invoice for " + period + " yet");
            }
            e.getMessage().setBody("invoice of " + period);
        });
        return getMockEndpoint("mock:finance");
    }

    @Test
    void aDueStatementIsSignedSentToFinanceAndThenRecorded() throws Exception {
        MockEndpoint finance = startWithMocks();
        schedule.due = "2026-11";
        finance.expectedMessageCount(1);
        finance.whenAnyExchangeReceived(e -> assertThat(schedule.calls).doesNotContain("published 2026-11"));

        template.sendBody("direct:statements", null);

        finance.assertIsSatisfied();
        Message sent = finance.getExchanges().get(0).getMessage();
        String body = sent.getBody(String.class);
        assertThat(body).isEqualTo("{\"period\":\"2026-11\",\"totalRupiah\":1234000}");
        assertThat(sent.getHeader("messageType")).isEqualTo("ContributionStatement");
        assertThat(FinanceSignature.verify(List.of(KEYS.getPublic()), "ContributionStatement",
                sent.getHeader("messageId", String.class), body, sent.getHeader(Headers.SIGNATURE, String.class)))
                .isEqualTo(FinanceSignature.Verdict.VALID);
        assertThat(sent.getHeader(Headers.SIGNATURE_KEY)).isEqualTo(FinanceSignature.keyId(KEYS.getPublic()));
        assertThat(schedule.calls).containsExactly("due", "build 2026-11 from invoice of 2026-11", "published 2026-11");
    }

    @Test
    void nothingDueSendsNothing() throws Exception {
        MockEndpoint finance = startWithMocks();
        schedule.due = null;
        finance.expectedMessageCount(0);

        template.sendBody("direct:statements", null);

        finance.assertIsSatisfied();
        assertThat(schedule.calls).containsExactly("due");
    }

    @Test
    void noInvoiceYetPublishesNothingAndIsHandled() throws Exception {
        MockEndpoint finance = startWithMocks();
        schedule.due = "2026-11";
        schedule.invoiceMissing = true;
        finance.expectedMessageCount(0);

        Exchange done = template.send("direct:statements", e -> { });

        finance.assertIsSatisfied();
        assertThat(done.getException()).isNull();
        assertThat(schedule.calls).containsExactly("due", "failed no invoice for 2026-11 yet");
    }

    @Test
    void aBrokerFailureIsNotRecordedAsPublished() throws Exception {
        MockEndpoint finance = startWithMocks();
        schedule.due = "2026-11";
        finance.whenAnyExchangeReceived(e -> {
            throw new JMSException("broker down");
        });

        Exchange done = template.send("direct:statements", e -> { });

        assertThat(done.getException()).isNull();
        assertThat(schedule.calls).containsExactly("due", "build 2026-11 from invoice of 2026-11", "failed broker down");
    }

    /**
     * StatementSchedule without the ledger: which month is due, and the statement of the period and
     * invoice the route hands it, as JSON with the message headers the signer reads. Takes the Exchange in build, like the real bean, which sets
     * the body, the headers and the statement at once.
     */
    public static final class FakeStatementSchedule {

        String due;
        boolean invoiceMissing;
        final List<String> calls = new ArrayList<>();

        public String due() {
            calls.add("due");
            return due;
        }

        public void build(Exchange exchange) {
            String period = exchange.getProperty(Headers.STATEMENT_PERIOD, String.class);
            String invoice = exchange.getMessage().getBody(String.class);
            calls.add("build " + period + " from " + invoice);
            exchange.setProperty("testStatementPeriod", period);
            Message out = exchange.getMessage();
            out.removeHeaders("*");
            out.setBody("{\"period\":\"" + period + "\",\"totalRupiah\":1234000}");
            out.setHeader("messageType", "ContributionStatement");
            out.setHeader("messageId", "statement-" + period);
        }

        public void published(Exchange exchange) {
            calls.add("published " + exchange.getProperty("testStatementPeriod"));
        }

        public void failed(Exchange exchange) {
            calls.add("failed " + exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage());
        }
    }
}
