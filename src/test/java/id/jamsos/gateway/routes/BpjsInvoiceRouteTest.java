package id.jamsos.gateway.routes;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.finance.InvoiceAnswer;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.InvoiceLedger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route bpjs-invoice of routes/statements.camel.yaml alone: what it asks BPJS for, signed, and what
 * it makes of the answer. The HTTP call is replaced by a mock that answers as BPJS does; the signer,
 * the header filter and the envelope reader are the real ones.
 */
class BpjsInvoiceRouteTest extends RouteTestSupport {

    private static final String INVOICE = "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":"
            + "{\"periode\":\"2026-11\",\"kodeWilayah\":\"9671\",\"jumlahPeserta\":2,\"totalIuranJkk\":2400,"
            + "\"totalIuranJkm\":3000,\"totalIuran\":5400,\"peserta\":["
            + "{\"kpj\":\"05K40081234\",\"nik\":\"9271011019000001\",\"nama\":\"A\",\"iuranJkk\":1200,\"iuranJkm\":1500,\"total\":2700},"
            + "{\"kpj\":\"05A40081234\",\"nik\":\"9271011019000002\",\"nama\":\"B\",\"iuranJkk\":1200,\"iuranJkm\":1500,\"total\":2700}]}}";

    /** The ledger the answer's lines go to, as in the gateway (FinanceConfiguration.invoiceAnswer). */
    private final HikariDataSource ledgerDb = ledgerDatabase("bpjs-invoice-route");
    private final InvoiceLedger invoices = new FinanceLedger(ledgerDb).invoices();

    @Override
    protected String routeFile() {
        return "routes/statements.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.regionCode", "9671", "jamsos.bpjs.url", "http://bpjs.invalid");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.withRouteFilterIncludePattern("bpjs-invoice");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("bpjsSigner", new RequestSigner("cons-test", "secret-test", "key-test", Clock.systemUTC()));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("invoiceAnswer", new InvoiceAnswer(Json.mapper(), invoices, Clock.systemUTC()));
    }

    private MockEndpoint start(int status, String answer) throws Exception {
        AdviceWith.adviceWith(context, "bpjs-invoice", false,
                a -> a.weaveById("bpjs-invoice-call").replace().to("mock:bpjs"));
        start();
        MockEndpoint bpjs = getMockEndpoint("mock:bpjs");
        bpjs.whenAnyExchangeReceived(e -> {
            e.getMessage().setBody(answer.getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        });
        return bpjs;
    }

    @Test
    void asksForTheMonthAndRegionSignedAndReadsTheInvoice() throws Exception {
        MockEndpoint bpjs = start(200, INVOICE);
        bpjs.expectedMessageCount(1);

        Exchange done = template.request("direct:bpjs-invoice", e -> e.getMessage().setBody("2026-11"));

        bpjs.assertIsSatisfied();
        Message asked = bpjs.getExchanges().get(0).getMessage();
        assertThat(asked.getHeader(Exchange.HTTP_QUERY)).isEqualTo("periode=2026-11&kodeWilayah=9671");
        assertThat(asked.getHeader("Accept")).isEqualTo("application/json");
        assertThat(asked.getHeader("X-cons-id")).isEqualTo("cons-test");
        assertThat(asked.getHeader("X-signature", String.class)).isNotBlank();
        assertThat(done.getException()).isNull();
        Invoice invoice = done.getMessage().getBody(Invoice.class);
        assertThat(invoice.periode()).isEqualTo("2026-11");
        assertThat(invoice.totalIuran()).isEqualTo(5400L);
        // The lines went to the ledger under the month asked for; the invoice handed on is the header.
        assertThat(invoice.peserta()).isNull();
        assertThat(invoices.lineCount(YearMonth.of(2026, 11))).contains(2);
        try (InvoiceLedger.Lines lines = invoices.linesByKpj(YearMonth.of(2026, 11))) {
            assertThat(lines.next().kpj()).isEqualTo("05A40081234");
            assertThat(lines.next().nik()).isEqualTo("9271********0001");
            assertThat(lines.hasNext()).isFalse();
        }
        // Nothing of the signed request is left on the message the caller gets back.
        assertThat(done.getMessage().getHeaders()).doesNotContainKeys("X-cons-id", "X-timestamp", "X-signature",
                "user_key", "Accept", Exchange.HTTP_QUERY);
    }

    @Test
    void anAnswerThatIsNotAnInvoiceGoesBackToTheCaller() throws Exception {
        start(503, "{\"metaData\":{\"code\":\"503\",\"message\":\"Service Unavailable\"},\"response\":null}");

        assertThatThrownBy(() -> template.requestBody("direct:bpjs-invoice", "2026-11", Invoice.class))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(BpjsCallException.class)
                .cause().hasMessageContaining("HTTP 503");
        assertThat(invoices.lineCount(YearMonth.of(2026, 11))).isEmpty();
    }

    @AfterEach
    void closeLedger() {
        ledgerDb.close();
    }
}
