package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.ServerSocket;
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
 * BPJS refuses the city's user_key: that is the gateway's configuration, not the rows. Before, every
 * row was parked with "HTTP 401 Invalid user_key" in the agency's report, nothing was logged at WARN
 * or ERROR and nothing on /ops said so. Now the rows wait, one ERROR line says what to fix, the metric
 * and /ops show it, and once BPJS accepts the key the rows enroll without anyone replaying them.
 */
class RefusedCredentialsTest {

    static final String TOKEN = "test-operator-token-credentials";
    static final String GATEWAY_KEY = "user-key-the-city-typed";

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aRefusedUserKeyHoldsEnrollmentSaysSoOnceAndTheRowsGoOnWhenBpjsAcceptsIt() throws Exception {
        int port = freePort();
        SimulatorConfig expectsAnotherKey = SimulatorConfig.defaults().withPort(port);
        BpjsSimulator refusing = gateways.closeAfterwards(BpjsSimulator.start(expectsAnotherKey));
        LogCapture log = gateways.closeAfterwards(LogCapture.attach());
        GatewayFixture fx = gateways.start(Map.ofEntries(
                Map.entry("jamsos.ops.token", TOKEN),
                Map.entry("jamsos.bpjs.url", refusing.baseUrl()),
                Map.entry("jamsos.bpjs.userKey", GATEWAY_KEY),
                Map.entry("jamsos.bpjs.batchSize", "5"),
                Map.entry("jamsos.bpjs.credentialsCheckSeconds", "1"),
                // Two attempts: were a refusal counted against a job, its rows would be parked at once.
                Map.entry("jamsos.delivery.maxAttempts", "2"),
                Map.entry("jamsos.delivery.redeliveryDelayMs", "100"),
                Map.entry("jamsos.delivery.maxRedeliveryDelayMs", "400"),
                Map.entry("jamsos.delivery.maxWaitMs", "300")));
        OpsHttp http = new OpsHttp(fx.env.httpPort());
        Path sample = gateways.dir().resolve("credentials.csv");
        SampleWorkers.generate(sample, 20, 33L, 0);

        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "credentials.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> refusing.stats().status4xx() > 0);
        // Several seconds of held deliveries and checks: nothing may be parked, refused or reported.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> {
            FileInfo f = fx.latest(DemoEnvironment.KEY_AGENCY, "credentials.csv").orElseThrow();
            Map<RowState, Integer> c = fx.gateway.ledger().rowCounts(f.id());
            return f.state() == FileState.PROCESSING && c.get(RowState.PENDING) == 20
                    && c.get(RowState.PARKED) == 0 && c.get(RowState.REFUSED) == 0;
        });
        long refusedCalls = refusing.stats().status4xx();
        System.out.println("[fault] BPJS refused the user_key: " + refusedCalls + " refused calls in ~5 s, rows "
                + fx.gateway.ledger().rowCounts(fx.latest(DemoEnvironment.KEY_AGENCY, "credentials.csv")
                .orElseThrow().id()));
        // Held without a call between the checks (one a second), not four jobs hammering BPJS.
        assertThat(refusedCalls).isLessThan(20);

        // distinct(): the capture sees each event through the id.jamsos logger and the root logger. A
        // repeated ERROR would differ anyway: it counts the refused calls.
        List<String> errors = log.lines().stream().filter(l -> l.startsWith("ERROR")).distinct().toList();
        assertThat(errors).as("one ERROR line, saying what to fix").singleElement().asString()
                .contains("BPJS refuses the gateway's credentials (HTTP 401, metaData 403 Invalid user_key")
                .contains("JAMSOS_BPJS_USERKEY")
                .doesNotContain(GATEWAY_KEY, expectsAnotherKey.userKey());
        assertThat(log.lines()).noneMatch(l -> l.startsWith("WARN") && l.contains("not delivered"));

        String metrics = http.get("/ops/metrics", OpsHttp.bearer(TOKEN)).body();
        assertThat(metrics).containsPattern("(?m)^jamsos_bpjs_credentials_refused(\\{[^}]*\\})? 1\\.0$");
        assertThat(metrics).containsPattern("(?m)^jamsos_bpjs_credentials_refusals_total(\\{[^}]*\\})? [1-9]");
        HttpResponse<String> ready = http.get("/ops/ready", OpsHttp.bearer(TOKEN));
        assertThat(ready.body()).contains("\"bpjsCredentials\":\"REFUSED\"");
        assertThat(ready.statusCode()).as("claim callbacks still work: the gateway stays ready").isEqualTo(200);
        String page = http.get("/ops", OpsHttp.bearer(TOKEN)).body();
        assertThat(page).contains("id=\"bpjs-credentials\"", "BPJS refuses the gateway&#39;s credentials")
                .contains("JAMSOS_BPJS_USERKEY");

        // BPJS now accepts the key the gateway sends (the city had it activated): no restart, no replay.
        refusing.close();
        try (BpjsSimulator accepting = BpjsSimulator.start(new SimulatorConfig(expectsAnotherKey.host(), port,
                expectsAnotherKey.consId(), expectsAnotherKey.secret(), GATEWAY_KEY, expectsAnotherKey.callbackConsId(),
                expectsAnotherKey.callbackSecret(), expectsAnotherKey.kpjSeed()))) {
            FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "credentials.csv", Duration.ofSeconds(60));
            Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
            System.out.println("[fault] key accepted again: counts=" + counts + " enrolledAtEndpoint="
                    + accepting.stats().enrolledWorkers());

            assertThat(file.state()).isEqualTo(FileState.DONE);
            assertThat(counts.get(RowState.ENROLLED)).isEqualTo(20);
            assertThat(counts.get(RowState.PARKED)).isZero();
            assertThat(accepting.stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("accepts the gateway's credentials again"));
            assertThat(http.get("/ops/metrics", OpsHttp.bearer(TOKEN)).body())
                    .containsPattern("(?m)^jamsos_bpjs_credentials_refused(\\{[^}]*\\})? 0\\.0$");
            assertThat(http.get("/ops/ready", OpsHttp.bearer(TOKEN)).body()).contains("\"bpjsCredentials\":\"UP\"");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
