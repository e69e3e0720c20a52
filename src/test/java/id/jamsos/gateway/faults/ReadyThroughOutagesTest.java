package id.jamsos.gateway.faults;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: readiness included the broker and BPJS's circuit, and Kubernetes' readiness probe sat on
 * the Service that carries the BPJS claim callback, so exactly while the broker or BPJS was down the
 * platform stopped sending the claim callbacks the outbox exists to keep. Now, with BPJS answering
 * 503 to everything (its circuit open) and the broker stopped, readiness stays UP on the management
 * port and on /ops/ready, the outside parts show DOWN in the details (to operators) and in Camel's
 * overall answer, and a signed claim callback is answered 200 and kept in the ledger's outbox, over
 * real HTTP to the real gateway.
 */
class ReadyThroughOutagesTest {

    static final String TOKEN = "ready-through-outages-operator-token-9xQ4";

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readinessStaysUpAndClaimCallbacksAreKeptWhileTheBrokerAndBpjsAreDown() throws Exception {
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.ops.token", TOKEN,
                "jamsos.breaker.windowCalls", "4",
                "jamsos.breaker.minimumCalls", "4",
                "jamsos.breaker.openSeconds", "600",
                "jamsos.delivery.redeliveryDelayMs", "100",
                "jamsos.delivery.maxRedeliveryDelayMs", "200",
                "jamsos.delivery.maxWaitMs", "200"));
        // Workers to claim for, enrolled while everything is up.
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "before.csv", 4, 15L);
        List<String> niks = fx.enrolledNiks(file.id());
        assertThat(niks).isNotEmpty();
        String management = "http://127.0.0.1:" + fx.env.managementPort() + "/observe/health";
        String ops = "http://127.0.0.1:" + fx.env.httpPort() + "/ops/ready";
        assertThat(get(management + "/ready", null).statusCode()).isEqualTo(200);

        // BPJS down: every enrollment call answered 503 until its circuit opens.
        CircuitBreaker breaker = fx.gateway.context().getRegistry().lookupByNameAndType("bpjsCircuitBreaker",
                CircuitBreaker.class);
        fx.env.simulator().faults().errorRate(1.0);
        Path during = gateways.dir().resolve("during.csv");
        SampleWorkers.generate(during, 30, 16L, 0);
        fx.upload(DemoEnvironment.PASSWORD_AGENCY, during, "during.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        // And the broker down.
        fx.env.broker().stop();

        HttpResponse<String> ready = get(management + "/ready", null);
        HttpResponse<String> live = get(management + "/live", null);
        HttpResponse<String> overall = get(management, null);
        HttpResponse<String> opsReady = get(ops, null);
        HttpResponse<String> details = get(ops, "Bearer " + TOKEN);
        System.out.println("[fault] BPJS answering 503 (circuit " + breaker.getState() + "), broker stopped: "
                + "/observe/health/ready " + ready.statusCode() + ", /live " + live.statusCode()
                + ", /observe/health " + overall.statusCode() + ", /ops/ready " + opsReady.statusCode()
                + " (operator: " + details.body() + ")");
        assertThat(ready.statusCode()).as("readiness is the ledger: " + ready.body()).isEqualTo(200);
        assertThat(ready.body().replaceAll("\\s", "")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(live.statusCode()).as("a restart cures neither: " + live.body()).isEqualTo(200);
        assertThat(opsReady.statusCode()).as("/ops/ready agrees").isEqualTo(200);
        assertThat(opsReady.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(details.body()).contains("\"ledger\":\"UP\"", "\"broker\":\"DOWN\"", "\"endpoint\":\"DOWN\"");
        // The outside parts are an alarm: Camel's overall answer, not a probe, says something is down.
        assertThat(overall.statusCode()).isEqualTo(503);

        // The claim callback BPJS sends now is accepted and kept for the broker's return.
        FinanceLedger finance = fx.gateway.context().getRegistry().lookupByNameAndType("financeLedger",
                FinanceLedger.class);
        ClaimNotice claim = fx.env.simulator().jkkClaimFor(niks.get(0), 3_500_000L);
        int answered = fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim);
        System.out.println("[fault] claim callback " + claim.claimId() + " during both outages: HTTP " + answered
                + ", claims in the outbox: " + finance.unpublishedClaimCount());
        assertThat(answered).isEqualTo(200);
        assertThat(finance.unpublishedClaimCount()).as("kept in the ledger's outbox").isEqualTo(1);
        assertThat(get(management + "/ready", null).statusCode()).isEqualTo(200);

        fx.env.broker().restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> finance.unpublishedClaimCount() == 0);
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
