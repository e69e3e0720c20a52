package id.jamsos.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.TwoGateways;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 2, with two whole gateways on one PostgreSQL ledger and one broker (as two replicas
 * behind a load balancer): a genuine signed claim callback accepted by the first is sent again to the
 * second, byte for byte and with its headers over another body. The second refuses both (the replay
 * guard is in the ledger, the signature binds the body), and finance hears of the claim once, with
 * the genuine amount. Before issue 14 the second replica put a forged Rp 150,000,000 CLAIM_PAID on
 * its finance queue.
 */
class ReplayAcrossGatewaysTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aCallbackAcceptedByOneGatewayIsRefusedByTheOtherWithItsBodyOrAnotherAndFinanceHearsOnce() throws Exception {
        TwoGateways nodes = gateways.startTwo(Map.of());
        DemoEnvironment env = nodes.env;
        GatewayProperties first = nodes.propsOne;
        GatewayProperties second = nodes.propsTwo;
        Gateway one = nodes.one;
        Gateway two = nodes.two;
        String nik = enrolledWorker(env, one);
        ClaimNotice claim = env.simulator().jkkClaimFor(nik, 3_000_000L);
        byte[] genuine = JSON.writeValueAsBytes(claim);
        SimulatorConfig sim = env.simulator().config();
        Map<String, String> headers = BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null,
                System.currentTimeMillis() / 1000, genuine);
        ClaimNotice raised = new ClaimNotice(claim.claimId(), claim.claimType(), claim.kpj(), claim.nik(),
                150_000_000L, List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", 150_000_000L)), claim.paidAt(),
                claim.beneficiary());
        byte[] forged = JSON.writeValueAsBytes(raised);

        HttpResponse<String> accepted = post(callbackUrl(first), headers, genuine);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).path("response").path("status").asText()).isEqualTo("RECEIVED");

        HttpResponse<String> replayed = post(callbackUrl(second), headers, genuine);
        assertRefused(replayed, "409");
        HttpResponse<String> otherBody = post(callbackUrl(second), headers, forged);
        assertRefused(otherBody, "401");
        System.out.println("[replay] node-1 " + accepted.statusCode() + ", node-2 same bytes "
                + replayed.statusCode() + " " + code(replayed) + ", node-2 other body " + otherBody.statusCode()
                + " " + code(otherBody));

        String id = "claim-" + claim.claimId();
        List<FinanceQueueReader.Received> finance = new ArrayList<>();
        try (FinanceQueueReader reader = new FinanceQueueReader(env.broker().brokerUrl(),
                first.get("jamsos.finance.queue"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (finance.stream().noneMatch(m -> m.messageId().equals(id)) && System.nanoTime() < deadline) {
                finance.addAll(reader.take(100, Duration.ofMillis(300)));
            }
            // Time for a second message, had either gateway published one.
            finance.addAll(reader.take(100, Duration.ofSeconds(3)));
        }
        assertThat(finance).filteredOn(m -> m.messageId().startsWith(id)).singleElement()
                .satisfies(m -> assertThat(JSON.readTree(m.body()).path("amount").asLong()).isEqualTo(3_000_000L));
        try (FinanceQueueReader review = new FinanceQueueReader(env.broker().brokerUrl(),
                first.get("jamsos.finance.reviewQueue"))) {
            assertThat(review.take(100, Duration.ofSeconds(2))).noneMatch(m -> m.messageId().startsWith(id));
        }
    }

    /** A worker enrolled through the first gateway, so a claim for them goes to finance, not review. */
    private static String enrolledWorker(DemoEnvironment env, Gateway gateway) throws Exception {
        Path sample = env.dir().resolve("klaim.csv");
        SampleWorkers.generate(sample, 5, 51L, 0);
        gateway.context().createProducerTemplate().sendBodyAndHeader(env.uploadUri(DemoEnvironment.KEY_AGENCY),
                sample.toFile(), Exchange.FILE_NAME, "klaim.csv");
        FileInfo file = await().atMost(Duration.ofSeconds(90)).until(() -> gateway.ledger()
                .files(DemoEnvironment.KEY_AGENCY, 5).stream()
                .filter(f -> f.fileName().equals("klaim.csv") && f.state() == FileState.DONE).findFirst().orElse(null),
                f -> f != null);
        List<String> niks = new ArrayList<>();
        gateway.ledger().forEachRow(file.id(), r -> {
            if (r.state() == RowState.ENROLLED) {
                niks.add(r.nik());
            }
        });
        assertThat(niks).isNotEmpty();
        return niks.get(0);
    }

    private static void assertRefused(HttpResponse<String> response, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(code(response)).isEqualTo(code);
    }

    private static String code(HttpResponse<String> response) throws Exception {
        JsonNode envelope = JSON.readTree(response.body());
        return envelope.path("metaData").path("code").asText();
    }

    private static HttpResponse<String> post(String url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String callbackUrl(GatewayProperties node) {
        return "http://127.0.0.1:" + node.get("camel.server.port") + node.get("jamsos.callback.path");
    }
}
