package id.jamsos.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim callback faces the network: every hostile request is answered with a clear 4xx envelope
 * and nothing reaches a queue; a flood of bad requests does not hold up BPJS's genuine calls.
 */
class CallbackHardeningTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of("jamsos.callback.maxBodyBytes", "65536"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Every signed request gets its own timestamp, so none is mistaken for a replay of another. */
    static final AtomicLong TIMESTAMPS = new AtomicLong(System.currentTimeMillis() / 1000 - 250);
    static final AtomicInteger CLAIM_IDS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        // Counted from now, once the gateway is up: its start may take a minute on a loaded machine, and a
        // base taken when the class loaded would leave the window before the first request.
        TIMESTAMPS.set(System.currentTimeMillis() / 1000 - 250);
    }

    static String claimJson(String claimId) {
        return "{\"claimId\":\"" + claimId + "\",\"claimType\":\"JKM\",\"kpj\":\"12345678901\","
                + "\"nik\":\"9271014501900001\",\"amount\":42000000,"
                + "\"components\":[{\"code\":\"SANTUNAN\",\"amount\":42000000}],"
                + "\"paidAt\":\"2024-05-01T00:00:00Z\",\"beneficiary\":{\"name\":\"Ani\",\"relation\":\"ISTRI\"}}";
    }

    static HttpRequest signed(String body, String contentType, long timestamp) {
        SimulatorConfig sim = fx.env().simulator().config();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(fx.env().callbackUrl(fx.props())))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null, timestamp, bytes)
                .forEach(req::header);
        return req.build();
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void assertEnvelope(HttpResponse<String> response, int status) throws Exception {
        assertEnvelope(response, status, String.valueOf(status));
    }

    /** Authentication refusals are all HTTP 401; the envelope code tells stale (419) and replay (409) apart. */
    static void assertEnvelope(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode env = JSON.readTree(response.body());
        assertThat(env.path("metaData").path("code").asText()).isEqualTo(code);
        assertThat(env.path("metaData").path("message").asText()).contains(" / ");
        assertThat(response.body()).doesNotContain("9271014501900001").doesNotContain("Exception");
    }

    @Test
    void eachHostileRequestGetsAClearEnvelopeAndNothingIsQueued() throws Exception {
        String bigId = "BAD-" + CLAIM_IDS.incrementAndGet();
        String big = claimJson(bigId).replace("\"Ani\"", "\"" + "A".repeat(70_000) + "\"");
        assertEnvelope(send(signed(big, "application/json", TIMESTAMPS.incrementAndGet())), 413);

        assertEnvelope(send(signed(claimJson("BAD-CT"), "text/plain", TIMESTAMPS.incrementAndGet())), 415);
        assertEnvelope(send(signed(claimJson("BAD-CT2"), "application/x-www-form-urlencoded",
                TIMESTAMPS.incrementAndGet())), 415);

        assertEnvelope(send(signed("{\"claimId\": \"BAD-1\", ", "application/json", TIMESTAMPS.incrementAndGet())), 400);
        assertEnvelope(send(signed("[1,2,3]", "application/json", TIMESTAMPS.incrementAndGet())), 400);
        assertEnvelope(send(signed("null", "application/json", TIMESTAMPS.incrementAndGet())), 400);
        assertEnvelope(send(signed(claimJson("BAD-2").replace("{\"claimId\"", "{\"admin\":true,\"claimId\""),
                "application/json", TIMESTAMPS.incrementAndGet())), 400);
        HttpResponse<String> wrongType = send(signed(claimJson("BAD-3").replace("42000000,", "\"42000000\","),
                "application/json; charset=utf-8", TIMESTAMPS.incrementAndGet()));
        assertEnvelope(wrongType, 400);
        assertEnvelope(send(signed(claimJson("BAD-4").replace("\"claimId\":\"BAD-4\"", "\"claimId\":{\"x\":1}"),
                "application/json", TIMESTAMPS.incrementAndGet())), 400);
        // The invalid value is a NIK: the answer must not repeat it.
        assertEnvelope(send(signed(claimJson("BAD-5").replace("42000000,", "\"9271014501900001\","),
                "application/json", TIMESTAMPS.incrementAndGet())), 400);
        // Outside the window (default 300 s).
        assertEnvelope(send(signed(claimJson("BAD-6"), "application/json", System.currentTimeMillis() / 1000 - 3600)),
                401, "419");

        assertThat(fx.drainFinanceQueues()).noneMatch(id -> id.contains("BAD-"));
    }

    @Test
    void aReplayedCallbackIsRefusedAndPublishedOnlyOnce() throws Exception {
        String id = "REPLAY-" + CLAIM_IDS.incrementAndGet();
        HttpRequest original = signed(claimJson(id), "application/json", TIMESTAMPS.incrementAndGet());
        assertThat(send(original).statusCode()).isEqualTo(200);
        // The same bytes and headers again, as an attacker who captured them would send.
        assertEnvelope(send(original), 401, "409");

        assertThat(fx.drainFinanceQueues()).filteredOn(m -> m.equals("claim-" + id)).hasSize(1);
    }

    @Test
    void differentClaimsSignedInTheSameSecondAreAllAcceptedAndAResendIsNot() throws Exception {
        // BPJS paying several claims at once signs them all in one second: identical headers.
        long oneSecond = TIMESTAMPS.incrementAndGet();
        List<String> ids = List.of("SAME-SECOND-" + CLAIM_IDS.incrementAndGet(),
                "SAME-SECOND-" + CLAIM_IDS.incrementAndGet(), "SAME-SECOND-" + CLAIM_IDS.incrementAndGet());
        for (String id : ids) {
            HttpResponse<String> response = send(signed(claimJson(id), "application/json", oneSecond));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("response").path("status").asText()).isEqualTo("RECEIVED");
        }
        // The last one again, byte for byte: that is a replay.
        assertEnvelope(send(signed(claimJson(ids.get(2)), "application/json", oneSecond)), 401, "409");

        assertThat(fx.drainFinanceQueues()).filteredOn(m -> m.startsWith("claim-SAME-SECOND-"))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "claim-" + id).toList());
    }

    @Test
    void aFloodOfBadRequestsDoesNotHoldUpGenuineCallbacks() throws Exception {
        int badThreads = 4;
        int badPerThread = 500;
        int good = 20;
        AtomicInteger badRefused = new AtomicInteger();
        AtomicInteger badOther = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(badThreads + 1);
        try {
            List<Future<?>> flood = new ArrayList<>();
            for (int t = 0; t < badThreads; t++) {
                int thread = t;
                flood.add(pool.submit(() -> {
                    for (int i = 0; i < badPerThread; i++) {
                        HttpRequest bad = switch ((thread + i) % 3) {
                            case 0 -> HttpRequest.newBuilder(URI.create(fx.env().callbackUrl(fx.props())))
                                    .header("Content-Type", "application/json")
                                    .header("X-cons-id", "BPJSTK").header("X-timestamp", "1")
                                    .header("X-signature", "AAAA").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                            case 1 -> signed("{}", "text/plain", TIMESTAMPS.get());
                            default -> signed("{not json", "application/json", System.currentTimeMillis() / 1000 + 9999);
                        };
                        try {
                            int status = send(bad).statusCode();
                            (status >= 400 && status < 500 ? badRefused : badOther).incrementAndGet();
                        } catch (Exception e) {
                            badOther.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
            List<Integer> goodStatus = Collections.synchronizedList(new ArrayList<>());
            Future<?> genuine = pool.submit(() -> {
                for (int i = 0; i < good; i++) {
                    HttpRequest req = signed(claimJson("GOOD-" + CLAIM_IDS.incrementAndGet()), "application/json",
                            TIMESTAMPS.incrementAndGet());
                    long t0 = System.nanoTime();
                    goodStatus.add(send(req).statusCode());
                    latenciesMs.add((System.nanoTime() - t0) / 1_000_000);
                }
                return null;
            });
            genuine.get(120, TimeUnit.SECONDS);
            for (Future<?> f : flood) {
                f.get(120, TimeUnit.SECONDS);
            }

            assertThat(badRefused.get()).isEqualTo(badThreads * badPerThread);
            assertThat(badOther.get()).isZero();
            assertThat(goodStatus).hasSize(good).allMatch(s -> s == 200);
            // Generous: on two shared cores a genuine call normally takes tens of milliseconds.
            assertThat(Collections.max(latenciesMs)).isLessThan(5_000L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fx.drainFinanceQueues()).filteredOn(m -> m.startsWith("claim-GOOD-")).hasSize(good);
    }
}
