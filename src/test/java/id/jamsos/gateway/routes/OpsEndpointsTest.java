package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, readiness, metrics and operator authentication on the callback's port. */
class OpsEndpointsTest {

    static final String TOKEN = "test-operator-token-7c1f";

    @TempDir
    static Path dir;
    static GatewayFixture fx;
    static OpsHttp http;

    @BeforeAll
    static void start() throws Exception {
        fx = GatewayFixture.start(dir.resolve("env"), Map.of("jamsos.ops.token", TOKEN,
                "jamsos.ops.loginFailures", "3",
                // Far below what ten workers cost, so the page must warn.
                "jamsos.finance.annualBudget", "100000"));
        http = new OpsHttp(fx.env.httpPort());
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void healthAndReadinessAnswerWithoutCredentials() throws Exception {
        HttpResponse<String> health = http.get("/ops/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));

        HttpResponse<String> ready = http.get("/ops/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"", "\"database\":\"UP\"", "\"broker\":\"UP\"",
                "\"endpoint\":\"UP\"");
    }

    @Test
    void metricsNeedTheOperatorSecretAndShowCamelAndGatewayMeters() throws Exception {
        assertThat(http.get("/ops/metrics", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/ops/metrics", null).headers().firstValue("WWW-Authenticate")).isPresent();

        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = dir.resolve("metrics.csv");
        SampleWorkers.generate(sample, 12, 3L, 5);
        fx.upload(agency, sample, "metrics.csv");
        FileInfo file = fx.awaitFinal(agency, "metrics.csv", Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);

        HttpResponse<String> bearer = http.get("/ops/metrics", OpsHttp.bearer(TOKEN));
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).contains("jamsos_rows{state=\"ENROLLED\"}", "jamsos_enrollment_seconds_count",
                "jamsos_delivery_retries_total", "jamsos_claims_published_total", "jamsos_queue_depth{queue=\"jamsos.enrollment\"}",
                "routeId=\"enroller\"");
        assertThat(bearer.body()).containsPattern("jamsos_deliveries_total\\{outcome=\"decided\"\\} [1-9]");
        assertThat(http.get("/ops/metrics", OpsHttp.basic("operator", TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void theStatusPageAndTheApiRefuseStrangers() throws Exception {
        assertThat(http.get("/ops", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/ops/api/files/1/rows", OpsHttp.basic("admin", TOKEN)).statusCode()).isEqualTo(401);
        assertThat(http.post("/ops/files/1/replay", null, "replay").statusCode()).isEqualTo(401);
        // Authenticated but without the confirmation header a cross-site form cannot send.
        assertThat(http.post("/ops/files/1/replay", OpsHttp.bearer(TOKEN), null).statusCode()).isEqualTo(400);
        HttpResponse<String> page = http.get("/ops", OpsHttp.bearer(TOKEN));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                assertThat(v).contains("default-src 'none'"));
        assertThat(page.body()).contains("<h2>Files</h2>", DemoEnvironment.PASSWORD_AGENCY);
    }

    @Test
    void thePageWarnsWhenTheCohortsYearlyCostExceedsTheBudget() throws Exception {
        java.nio.file.Path sample = dir.resolve("budget.csv");
        id.jamsos.gateway.demo.SampleWorkers.generate(sample, 10, 77L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "budget.csv");
        fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "budget.csv", java.time.Duration.ofSeconds(60));

        String body = http.get("/ops", OpsHttp.bearer(TOKEN)).body();

        // Ten workers cost at least Rp 16,800 x 12 each, far over a budget of Rp 100,000.
        assertThat(body).contains("Contribution budget", ">10</div><div class=\"label\">workers covered",
                "data-budget=\"exceeded\"", "melebihi", "exceeds");
    }
}
