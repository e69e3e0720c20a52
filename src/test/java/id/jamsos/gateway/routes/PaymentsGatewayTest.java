package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.PaymentLedger;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole gateway on the demo's broker and BPJS simulator, with invoices and notices on: last month's
 * invoice is fetched and announced (PAYMENT_DUE), a worker's ended cover is told (COVERAGE_ENDED), and
 * PAYMENT messages put on jamsos.finance.payments with plain JMS are recorded, a bad one moved to
 * DLQ.jamsos.finance.payments with its reason while the next is recorded.
 */
class PaymentsGatewayTest {

    private static final YearMonth LAST_MONTH = YearMonth.now(ZoneId.of("Asia/Jayapura")).minusMonths(1);

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void invoicesNoticesAndPaymentMessagesGoThroughTheRunningGateway() throws Exception {
        GatewayFixture fx = gateways.start(Map.of("jamsos.finance.invoices.enabled", "true",
                "jamsos.finance.invoices.delayMs", "100", "jamsos.finance.invoices.checkIntervalMs", "500",
                "jamsos.finance.notices.enabled", "true", "jamsos.finance.notices.delayMs", "100",
                "jamsos.finance.notices.intervalMs", "300", "jamsos.programme.firstMonth", LAST_MONTH.toString()));
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "bayar.csv", 3, 21L);
        String kpj = fx.gateway.ledger().findWorkerByNik(fx.enrolledNiks(file.id()).get(0)).orElseThrow().kpj();
        fx.gateway.coverage().end(kpj, fx.gateway.coverage().thisMonth(), EndReason.MOVED, "command");
        String endedId = "coverage-ended-" + fx.gateway.coverage().periods(kpj).get(0).id() + "-"
                + fx.gateway.coverage().thisMonth() + "-MOVED";

        List<FinanceQueueReader.Received> got;
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            got = FinanceMessages.takeUntil(reader, r -> FinanceMessages.count(r, endedId) > 0
                    && FinanceMessages.count(r, "payment-due-" + LAST_MONTH) > 0, Duration.ofSeconds(30),
                    Duration.ofSeconds(1));
        }
        assertThat(FinanceMessages.count(got, "payment-due-" + LAST_MONTH)).isEqualTo(1);
        assertThat(FinanceMessages.count(got, endedId)).isEqualTo(1);
        assertThat(got).allSatisfy(r -> assertThat(r.signature()).isNotBlank());
        // The arrears gauges are in the gateway's metrics: nothing is late yet.
        assertThat(fx.gateway.context().getRegistry().lookupByNameAndType("gatewayMetrics",
                id.jamsos.gateway.ops.GatewayMetrics.class).scrape())
                .contains("jamsos_arrears_months 0.0", "jamsos_arrears_outstanding_rupiah 0.0");

        String good = "{\"schemaVersion\":\"1\",\"messageType\":\"PAYMENT\",\"messageId\":\"fin-77\",\"reference\":"
                + "\"SP2D-77/BPKAD\",\"paidOn\":\"" + LAST_MONTH.plusMonths(1).atDay(1) + "\",\"period\":\"" + LAST_MONTH
                + "\",\"amount\":50400,\"source\":\"APBD_KOTA\"}";
        String queue = fx.props.get("jamsos.finance.paymentsQueue");
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(fx.env.broker().brokerUrl());
        try (Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.send(s.createTextMessage("{\"messageType\":\"PAYMENT\"}"));
            p.send(s.createTextMessage(good));
            PaymentLedger payments = fx.gateway.context().getRegistry().lookupByNameAndType("paymentLedger",
                    PaymentLedger.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> payments.payments(LAST_MONTH).size() == 1);
            assertThat(payments.payments(LAST_MONTH).get(0).recordedBy()).isEqualTo("queue:fin-77");
            MessageConsumer dead = s.createConsumer(s.createQueue("DLQ." + queue));
            TextMessage refused = (TextMessage) dead.receive(10_000);
            assertThat(refused).isNotNull();
            assertThat(refused.getText()).isEqualTo("{\"messageType\":\"PAYMENT\"}");
            assertThat(refused.getStringProperty("JamsosDeadLetterReason")).contains("schema payment-v1");
        }
    }
}
