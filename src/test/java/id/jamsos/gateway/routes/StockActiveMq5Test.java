package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.embedded.BrokerProcess;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The releases cities actually run: ActiveMQ Classic 5.17 and 5.18 (activemq-all 5.17.6 and 5.18.6,
 * copied by the build, not on the test class path) in a process of its own with the configuration the
 * distribution ships,
 * and the gateway's own 6.x client against it over OpenWire. A file is enrolled end to end and a claim
 * reaches the finance queue, where a plain JMS consumer reads it.
 */
class StockActiveMq5Test {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "ActiveMQ {0}")
    @CsvSource({"5.17.6, target/activemq-5.17", "5.18.6, target/activemq-5.18"})
    void theGatewayEnrollsAFileAndPublishesAClaimThroughAStock5xBroker(String release, Path lib) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(StandaloneBrokerTest.STOCK, dir.resolve("broker"), Map.of(), lib);
             GatewayFixture fx = GatewayFixture.start(dir.resolve("env"), Map.of(
                     "jamsos.broker.url", broker.url(), "jamsos.broker.user", "", "jamsos.broker.password", ""))) {
            assertThat(broker.log()).as("the broker process runs " + release).contains("ActiveMQ " + release);

            Path sample = dir.resolve("amq517.csv");
            SampleWorkers.generate(sample, 30, 23L, 0);
            fx.upload(DemoEnvironment.KEY_AGENCY, sample, "amq517.csv");
            FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "amq517.csv", Duration.ofSeconds(90));
            Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
            System.out.println("[broker] ActiveMQ " + release + " in process " + broker.pid() + ": " + file.state() + " " + counts);
            assertThat(file.state()).isEqualTo(FileState.DONE);
            assertThat(counts.get(RowState.ENROLLED)).isPositive();
            assertThat(counts.get(RowState.PENDING)).isZero();
            assertThat(counts.get(RowState.PARKED)).isZero();

            List<String> enrolled = fx.enrolledNiks(file.id());
            var claim = fx.env.simulator().jkmClaimFor(enrolled.get(0));
            assertThat(fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim)).isEqualTo(200);

            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
            try (Connection c = factory.createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer finance = s.createConsumer(s.createQueue("jamsos.finance"));
                Message m = finance.receive(30_000);
                assertThat(m).as("a finance message from the " + release + " broker").isInstanceOf(TextMessage.class);
                String body = ((TextMessage) m).getText();
                System.out.println("[broker] finance read from " + release + ": " + body.length() + " chars, claim " + claim.claimId());
                assertThat(body).contains("\"claimId\":\"" + claim.claimId() + "\"", "CLAIM_PAID");
            }
        }
    }
}
