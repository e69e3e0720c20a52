package id.jamsos.gateway.faults;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.routes.GatewayExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway started while its broker is down cannot finish starting (its consumers wait for the
 * broker), but probes and operators must still learn why: /ops/health answers 503 (to operators
 * with what it waits for), not 404 (as it did for as long as the broker was down), and 200 once the broker is
 * back and the start has finished. The platform's probes on the management port
 * ({@code /observe/health/live}, {@code /ready}) answer 503 from the moment the port is open, 200
 * once started, and are not on the callback's port.
 */
class HealthWhileStartingTest {

    static final String TOKEN = "test-operator-token-starting";

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void healthSaysStartingAndWhyWhileTheBrokerIsDownThenUp() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        GatewayProperties props = env.gatewayProperties(Map.of("jamsos.broker.url",
                "failover:(" + env.broker().brokerUrl() + ")?maxReconnectDelay=500", "jamsos.ops.token", TOKEN));
        env.broker().stop();
        CompletableFuture<Gateway> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return Gateway.start(props, env.agencies());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Gateway gateway = null;
        try {
            String url = "http://127.0.0.1:" + env.httpPort() + "/ops/health";
            String management = "http://127.0.0.1:" + env.managementPort() + "/observe/health";
            List<String> seen = new ArrayList<>();
            List<String> probes = new ArrayList<>();
            HttpResponse<String> answer = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Until it answers at all, then a few seconds more: every answer is recorded.
            long answeredAt = 0;
            while (System.nanoTime() < deadline && (answeredAt == 0 || System.nanoTime() - answeredAt < 8e9)) {
                answer = get(url, true);
                if (answer != null) {
                    seen.add(answer.statusCode() + " " + answer.body());
                    answeredAt = answeredAt == 0 ? System.nanoTime() : answeredAt;
                }
                // The platform's probes, on the management port, without credentials.
                for (String probe : List.of("/live", "/ready")) {
                    HttpResponse<String> p = get(management + probe, false);
                    if (p != null) {
                        probes.add(probe + " " + p.statusCode() + " " + p.body().replaceAll("\\s", ""));
                    }
                }
                Thread.sleep(100);
            }
            System.out.println("[fault] management port while starting with the broker down: "
                    + (probes.isEmpty() ? "no answer" : probes.get(0) + " ... " + probes.get(probes.size() - 1))
                    + " (" + probes.size() + " answers)");
            // Answering, never 404, and not live nor ready while the routes wait for the broker.
            assertThat(probes).as("management port answers while starting").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(a -> assertThat(a).matches("/(live|ready) 503 \\{\"status\":\"(STARTING|DOWN)\"\\}"));
            System.out.println("[fault] /ops/health while starting with the broker down: " + seen.get(0)
                    + " (" + seen.size() + " answers)");
            // Never 404: before the health route is on the port (Camel opens it as a service, before
            // any route), the gateway's fallback answers 503 STARTING without a reason; the route
            // then adds the reason for operators.
            assertThat(seen).as("answers while starting").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(s -> assertThat(s).startsWith("503 ").contains("STARTING"));
            int first = seen.indexOf(seen.stream().filter(a -> a.contains("reason")).findFirst().orElse(null));
            assertThat(first).as("the route's answer among " + seen).isNotNegative();
            assertThat(seen.subList(first, seen.size())).allSatisfy(s -> assertThat(s).contains("broker unreachable"));
            assertThat(starting).isNotDone();
            // The reason names the part that is down: for operators only, strangers see the state.
            HttpResponse<String> anonymous = get(url, false);
            assertThat(anonymous.statusCode()).isEqualTo(503);
            assertThat(anonymous.body()).isEqualTo("{\"status\":\"STARTING\"}");

            env.broker().restart();
            gateway = starting.get(60, TimeUnit.SECONDS);
            HttpResponse<String> up = get(url, false);
            assertThat(up).isNotNull();
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"UP\"");
            for (String probe : List.of("/live", "/ready")) {
                HttpResponse<String> p = get(management + probe, false);
                assertThat(p.statusCode()).as(probe + " once started").isEqualTo(200);
                assertThat(p.body().replaceAll("\\s", "")).isEqualTo("{\"status\":\"UP\"}");
                // Probes live on the management port only, not on the port BPJS calls.
                assertThat(get("http://127.0.0.1:" + env.httpPort() + "/observe/health" + probe, false).statusCode())
                        .as("callback port " + probe).isEqualTo(404);
            }
        } finally {
            if (gateway == null) {
                env.broker().restart();
                gateway = starting.get(60, TimeUnit.SECONDS);
            }
            gateway.close();
        }
    }

    /** The answer, or null while nothing listens yet. */
    private HttpResponse<String> get(String url, boolean asOperator) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (asOperator) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException notListening) {
            return null;
        }
    }
}
