package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.cli.FinanceTailCommand;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finance queue is open to whoever may send to it: a CLAIM_PAID put there with plain JMS, with
 * the properties and even the signature of a genuine one, is shown by finance-tail as not the
 * gateway's, while the gateway's own claim verifies with the public key finance holds.
 */
class ForgedFinanceMessageTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aClaimPaidSentWithPlainJmsIsShownAsForgedByFinanceTail() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        Path sample = gateways.dir().resolve("klaim.csv");
        SampleWorkers.generate(sample, 3, 9L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "klaim.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "klaim.csv", Duration.ofSeconds(60));
        String nik = fx.enrolledNiks(file.id()).get(0);
        ClaimNotice claim = fx.env.simulator().jkmClaimFor(nik);
        assertThat(fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim)).isEqualTo(200);

        String queue = fx.props.get("jamsos.finance.queue");
        FinanceQueueReader.Received genuine;
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env.broker().brokerUrl(), queue)) {
            List<FinanceQueueReader.Received> seen = new java.util.ArrayList<>();
            reader.browse(1, Duration.ofSeconds(10), seen::add);
            assertThat(seen).hasSize(1);
            genuine = seen.get(0);
        }
        assertThat(genuine.signature()).isNotBlank();

        // Two forgeries with plain JMS: a new claim with no signature, and the genuine claim's body with
        // a larger amount under the genuine message's signature and properties.
        ObjectNode body = (ObjectNode) JSON.readTree(genuine.body());
        body.put("claimId", "JKM-FORGED-000001").put("messageId", "claim-JKM-FORGED-000001");
        ObjectNode altered = (ObjectNode) JSON.readTree(genuine.body());
        altered.put("amount", 420_000_000L);
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(fx.env.broker().brokerUrl());
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            TextMessage unsigned = s.createTextMessage(JSON.writeValueAsString(body));
            unsigned.setStringProperty("messageType", "CLAIM_PAID");
            unsigned.setStringProperty("messageId", "claim-JKM-FORGED-000001");
            unsigned.setStringProperty("agencyId", DemoEnvironment.KEY_AGENCY);
            p.send(unsigned);
            TextMessage copied = s.createTextMessage(JSON.writeValueAsString(altered));
            copied.setStringProperty("messageType", genuine.messageType());
            copied.setStringProperty("messageId", genuine.messageId());
            copied.setStringProperty("agencyId", genuine.agencyId());
            copied.setStringProperty(Headers.SIGNATURE, genuine.signature());
            p.send(copied);
        }

        StringWriter tail = new StringWriter();
        int code = new CommandLine(new FinanceTailCommand()).setOut(new PrintWriter(tail)).execute(
                "--config", gateways.dir().resolve("no-config").toString(), "--broker", fx.env.broker().brokerUrl(),
                "--queue", queue, "--count", "3", "--timeout", "5",
                "--verify-key", fx.props.get("jamsos.finance.verifyKey"), "--json");
        String out = tail.toString();
        System.out.println("[security] finance-tail on a queue with one genuine and two forged claims:\n" + out);

        assertThat(code).isEqualTo(1);
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("CLAIM_PAID " + genuine.messageId()) && l.endsWith(" signed"));
        assertThat(lines).anyMatch(l -> l.startsWith("UNSIGNED CLAIM_PAID claim-JKM-FORGED-000001")
                && l.contains("not from the gateway, do not book"));
        assertThat(lines).anyMatch(l -> l.startsWith("FORGED CLAIM_PAID " + genuine.messageId())
                && l.contains("Rp 420000000") && l.contains("not from the gateway, do not book"));
        assertThat(out).contains("2 pesan tidak sah / message(s) NOT signed by the gateway");
        // The forged bodies are not printed under --json; the genuine one is.
        assertThat(out).doesNotContain("420000000,").doesNotContain("\"claimId\":\"JKM-FORGED-000001\"");
        assertThat(out).contains(genuine.body());
    }
}
