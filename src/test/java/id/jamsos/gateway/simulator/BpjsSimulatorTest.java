package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.EnrollmentBatchRequest;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BpjsSimulatorTest {

    private static final String NIK_A = "9271014507900001";
    private static final String NIK_B = "9671021203850002";
    /** A KPJ as BPJS issues them (shared/domain.md): letters allowed in the first seven, four digits at the end. */
    private static final String KPJ = "[0-9A-Z]{7}\\d{4}";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private SimulatorConfig config;
    private BpjsSimulator sim;

    @BeforeEach
    void start() {
        config = SimulatorConfig.defaults();
        sim = BpjsSimulator.start(config);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---------------------------------------------------------------- helpers

    private static EnrollmentRequest worker(String refId, String nik) {
        return new EnrollmentRequest(refId, nik, "Yohana Kambu", "1990-07-05", "P", "Sorong",
                "Jl. Basuki Rahmat 12", "Klasaman", "Sorong Timur", null, "pedagang", 1_000_000L,
                List.of("JKK", "JKM"), "9671");
    }

    private HttpRequest.Builder signed(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        BpjsSignature.headers(config.consId(), config.secret(), config.userKey(), Instant.now().getEpochSecond())
                .forEach(b::header);
        return b;
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(signed(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(signed(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        return json.readTree(response.body());
    }

    private JsonNode enroll(String refId, String nik) throws Exception {
        HttpResponse<String> r = post("/bpjstk/v1/peserta", worker(refId, nik));
        assertThat(r.statusCode()).isEqualTo(200);
        return body(r);
    }

    // ---------------------------------------------------------------- who pays (pembayar)

    private HttpResponse<String> admin(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMemberPaidBySomeoneElseIs208ToTheCityAndTheLookupAndStatusNameThePayer() throws Exception {
        HttpResponse<String> made = admin("/sim/members", "{\"nik\": \"" + NIK_A + "\", \"jenis\": \"CSR\","
                + " \"kode\": \"GNL-01\", \"namaPembayar\": \"GN Lingkaran\", \"dariBulan\": \"2024-01\"}");
        assertThat(made.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(made.body());
        String kpj = answer.get("kpj").asText();
        assertThat(kpj).matches(KPJ);
        assertThat(made.body()).doesNotContain(NIK_A);

        JsonNode again = enroll("city-1", NIK_A);
        assertThat(again.at("/response/code").asText()).isEqualTo("208");
        assertThat(again.at("/response/kpj").asText()).isEqualTo(kpj);
        JsonNode lookup = body(get("/bpjstk/v1/peserta/nik/" + NIK_A));
        assertThat(lookup.at("/response/status").asText()).isEqualTo("AKTIF");
        assertThat(lookup.at("/response/pembayar/jenis").asText()).isEqualTo("CSR");
        assertThat(lookup.at("/response/pembayar/kode").asText()).isEqualTo("GNL-01");
        assertThat(lookup.at("/response/pembayar/nama").asText()).isEqualTo("GN Lingkaran");
        assertThat(lookup.at("/response/pembayar/sejak").asText()).isEqualTo("2024-01");

        // The city's own member: PEMDA of its region; moved to an employer from next month, named so then.
        String own = enroll("city-2", NIK_B).at("/response/kpj").asText();
        assertThat(body(get("/bpjstk/v1/peserta/nik/" + NIK_B)).at("/response/pembayar/kode").asText())
                .isEqualTo("9671");
        String next = java.time.YearMonth.from(sim.today()).plusMonths(1).toString();
        assertThat(admin("/sim/payer", "{\"kpj\": \"" + own + "\", \"jenis\": \"PEMBERI_KERJA\", \"kode\":"
                + " \"NPP-1\", \"namaPembayar\": \"PT Sorong Jaya\", \"dariBulan\": \"" + next + "\"}").statusCode())
                .isEqualTo(200);
        JsonNode now = body(get("/bpjstk/v1/peserta/kpj/" + own + "/status"));
        assertThat(now.at("/response/pembayar/jenis").asText()).isEqualTo("PEMDA");
        JsonNode then = body(get("/bpjstk/v1/peserta/kpj/" + own + "/status?periode=" + next));
        assertThat(then.at("/response/status").asText()).isEqualTo("AKTIF");
        assertThat(then.at("/response/pembayar/jenis").asText()).isEqualTo("PEMBERI_KERJA");
        assertThat(then.at("/response/pembayar/sejak").asText()).isEqualTo(next);
        JsonNode invoice = body(get("/bpjstk/v1/tagihan?periode=" + next + "&kodeWilayah=9671"));
        assertThat(invoice.at("/response/jumlahPeserta").asInt()).as("neither is the city's to pay then").isZero();

        assertThat(admin("/sim/payer", "{\"kpj\": \"NOPE0000001\", \"jenis\": \"MANDIRI\"}").statusCode())
                .isEqualTo(404);
        assertThat(admin("/sim/members", "{\"nik\": \"9671021203850009\", \"jenis\": \"PEMDA\"}").statusCode())
                .as("a region without its code").isEqualTo(400);
    }

    @Test
    void everyNthGeneratedWorkerCanBeSeededAsAMemberPaidBySomeoneElse() {
        List<String> niks = id.jamsos.gateway.demo.SampleWorkers.people(9, 5L, 0).stream()
                .map(id.jamsos.gateway.demo.SamplePerson::nik).toList();
        assertThat(sim.seedOtherPayers(niks, 3, java.time.YearMonth.of(2024, 1))).isEqualTo(3);
        assertThat(sim.kpjOf(niks.get(0))).isPresent();
        assertThat(sim.kpjOf(niks.get(1))).isEmpty();
        assertThat(sim.kpjOf(niks.get(3))).isPresent();
        assertThat(sim.kpjOf(niks.get(6))).isPresent();
        assertThat(sim.memberCount()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- enrollment

    @Test
    void enrollsOneWorkerWithAFreshKpj() throws Exception {
        JsonNode env = enroll("ref-1", NIK_A);

        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(env.at("/response/code").asText()).isEqualTo("200");
        assertThat(env.at("/response/refId").asText()).isEqualTo("ref-1");
        String kpj = env.at("/response/kpj").asText();
        assertThat(kpj).matches(KPJ);
        assertThat(sim.kpjOf(NIK_A)).contains(kpj);
        assertThat(sim.stats().enrolledWorkers()).isEqualTo(1);
        assertThat(sim.stats().enrollmentRequests()).isEqualTo(1);
        assertThat(sim.stats().timesEnrolled(NIK_A)).isEqualTo(1);
    }

    @Test
    void batchAnswersOneResultPerItemInOrder() throws Exception {
        EnrollmentRequest noName = new EnrollmentRequest("b-3", NIK_B, " ", "1985-03-12", "L", null, null,
                null, null, null, null, 0, null, null);
        EnrollmentRequest badSex = new EnrollmentRequest("b-4", "9271010101800003", "Markus", "1980-01-01", "X",
                null, null, null, null, null, null, 0, null, null);
        EnrollmentRequest badDate = new EnrollmentRequest("b-5", "9271010101800004", "Markus", "01/01/1980", "L",
                null, null, null, null, null, null, 0, null, null);
        HttpResponse<String> r = post("/bpjstk/v1/peserta/batch", new EnrollmentBatchRequest(List.of(
                worker("b-1", NIK_A), worker("b-2", "9.27101E+15"), noName, badSex, badDate,
                worker("b-6", NIK_A))));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode env = body(r);
        assertThat(env.at("/metaData/code").asText()).isEqualTo("200");
        JsonNode hasil = env.at("/response/hasil");
        assertThat(hasil).hasSize(6);
        List<String> codes = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        hasil.forEach(h -> {
            codes.add(h.get("code").asText());
            refs.add(h.get("refId").asText());
        });
        assertThat(refs).containsExactly("b-1", "b-2", "b-3", "b-4", "b-5", "b-6");
        assertThat(codes).containsExactly("200", "411", "412", "412", "412", "208");
        assertThat(hasil.get(5).get("kpj").asText()).isEqualTo(hasil.get(0).get("kpj").asText());
        assertThat(hasil.get(1).has("kpj")).isFalse();
        assertThat(sim.stats().enrolledWorkers()).isEqualTo(1);
    }

    @Test
    void batchOverOneHundredIsRefusedWhole() throws Exception {
        List<EnrollmentRequest> items = IntStream.range(0, 101)
                .mapToObj(i -> worker("big-" + i, String.format("9271010101%06d", i + 1)))
                .toList();
        JsonNode env = body(post("/bpjstk/v1/peserta/batch", new EnrollmentBatchRequest(items)));

        assertThat(env.at("/metaData/code").asText()).isEqualTo("413");
        assertThat(env.get("response").isNull()).isTrue();
        assertThat(sim.stats().enrolledWorkers()).isZero();
    }

    @Test
    void secondEnrollmentOfSameNikIs208WithSameKpj() throws Exception {
        String kpj = enroll("first", NIK_A).at("/response/kpj").asText();

        JsonNode again = enroll("second", NIK_A);

        assertThat(again.at("/metaData/code").asText()).isEqualTo("208");
        assertThat(again.at("/response/code").asText()).isEqualTo("208");
        assertThat(again.at("/response/message").asText()).contains("Sudah terdaftar").contains("already registered");
        assertThat(again.at("/response/kpj").asText()).isEqualTo(kpj);
        assertThat(sim.stats().timesEnrolled(NIK_A)).isEqualTo(1);
        assertThat(sim.stats().enrolledWorkers()).isEqualTo(1);
    }

    @Test
    void retriedRefIdGetsTheFirstResultAndCountsOnce() throws Exception {
        JsonNode first = enroll("retry-me", NIK_A);
        JsonNode retry = enroll("retry-me", NIK_A);

        assertThat(retry.at("/response/code").asText()).as("a retry is not a second registration").isEqualTo("200");
        assertThat(retry.get("response")).isEqualTo(first.get("response"));
        assertThat(sim.stats().timesEnrolled(NIK_A)).isEqualTo(1);
        assertThat(sim.stats().enrolledWorkers()).isEqualTo(1);
        assertThat(sim.stats().enrollmentRequests()).isEqualTo(2);
    }

    @Test
    void concurrentEnrollmentsOfOneNikEnrollItOnce() throws Exception {
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Callable<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String refId = "c-" + i;
                tasks.add(() -> {
                    gate.await(5, TimeUnit.SECONDS);
                    return enroll(refId, NIK_B).get("response");
                });
            }
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (Callable<JsonNode> t : tasks) {
                futures.add(pool.submit(t));
            }
            gate.countDown();
            List<JsonNode> results = new ArrayList<>();
            for (Future<JsonNode> f : futures) {
                results.add(f.get(20, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(r -> r.get("code").asText().equals("200")).hasSize(1);
            assertThat(results).filteredOn(r -> r.get("code").asText().equals("208")).hasSize(threads - 1);
            assertThat(results).extracting(r -> r.get("kpj").asText()).containsOnly(sim.kpjOf(NIK_B).orElseThrow());
            assertThat(sim.stats().timesEnrolled(NIK_B)).isEqualTo(1);
            assertThat(sim.stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void kpjNumbersAreUniqueAcrossWorkers() throws Exception {
        List<EnrollmentRequest> items = IntStream.range(0, 100)
                .mapToObj(i -> worker("u-" + i, String.format("9671010101%06d", i + 1)))
                .toList();
        JsonNode hasil = body(post("/bpjstk/v1/peserta/batch", new EnrollmentBatchRequest(items))).at("/response/hasil");
        List<String> kpjs = new ArrayList<>();
        hasil.forEach(h -> kpjs.add(h.get("kpj").asText()));
        assertThat(kpjs).hasSize(100).doesNotHaveDuplicates().allMatch(k -> k.matches(KPJ))
                .as("every KPJ has a letter, so the gateway meets them").allMatch(k -> k.matches(".*[A-Z].*"));
    }

    @Test
    void digitKpjsIssuesElevenDigitsAsBefore() throws Exception {
        sim.close();
        sim = BpjsSimulator.start(config.withDigitKpjs(true));
        List<EnrollmentRequest> items = IntStream.range(0, 20)
                .mapToObj(i -> worker("d-" + i, String.format("9671010101%06d", i + 1)))
                .toList();
        JsonNode hasil = body(post("/bpjstk/v1/peserta/batch", new EnrollmentBatchRequest(items))).at("/response/hasil");
        List<String> kpjs = new ArrayList<>();
        hasil.forEach(h -> kpjs.add(h.get("kpj").asText()));
        assertThat(kpjs).hasSize(20).doesNotHaveDuplicates().allMatch(k -> k.matches("\\d{11}"));
        assertThat(sim.config().toString()).contains("digitKpjs=true");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void unsignedRequestIsRefusedWith401() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/bpjstk/v1/peserta"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(worker("x", NIK_A)))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(body(r).at("/metaData/code").asText()).isEqualTo("401");
        assertThat(sim.kpjOf(NIK_A)).isEmpty();
    }

    @Test
    void wrongUserKeyAndStaleTimestampCarryTheirVerdictCodes() throws Exception {
        HttpRequest.Builder badKey = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/bpjstk/v1/peserta/nik/" + NIK_A));
        BpjsSignature.headers(config.consId(), config.secret(), "wrong", Instant.now().getEpochSecond())
                .forEach(badKey::header);
        HttpResponse<String> r1 = http.send(badKey.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r1.statusCode()).isEqualTo(401);
        assertThat(body(r1).at("/metaData/code").asText()).isEqualTo("403");

        HttpRequest.Builder stale = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/bpjstk/v1/peserta/nik/" + NIK_A));
        BpjsSignature.headers(config.consId(), config.secret(), config.userKey(), Instant.now().getEpochSecond() - 3600)
                .forEach(stale::header);
        HttpResponse<String> r2 = http.send(stale.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r2.statusCode()).isEqualTo(401);
        assertThat(body(r2).at("/metaData/code").asText()).isEqualTo("419");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> r = http.send(signed("/bpjstk/v1/peserta")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nik\": ")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).at("/metaData/code").asText()).isEqualTo("400");
    }

    @Test
    void unknownPathIs404Envelope() throws Exception {
        HttpResponse<String> r = get("/bpjstk/v1/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).at("/metaData/code").asText()).isEqualTo("404");
    }

    // ---------------------------------------------------------------- lookup

    @Test
    void lookupFindsEnrolledWorkerAndReports201Otherwise() throws Exception {
        String kpj = enroll("l-1", NIK_A).at("/response/kpj").asText();

        JsonNode found = body(get("/bpjstk/v1/peserta/nik/" + NIK_A));
        assertThat(found.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(found.at("/response/nik").asText()).isEqualTo(NIK_A);
        assertThat(found.at("/response/kpj").asText()).isEqualTo(kpj);
        assertThat(found.at("/response/nama").asText()).isEqualTo("Yohana Kambu");
        assertThat(found.at("/response/status").asText()).isEqualTo("AKTIF");
        assertThat(found.at("/response/tglDaftar").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

        HttpResponse<String> missing = get("/bpjstk/v1/peserta/nik/" + NIK_B);
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(body(missing).at("/metaData/code").asText()).isEqualTo("201");
        assertThat(body(missing).at("/metaData/message").asText()).contains("tidak ditemukan").contains("not found");

        assertThat(body(get("/bpjstk/v1/peserta/nik/12345")).at("/metaData/code").asText()).isEqualTo("411");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void failNextAnswersQueuedStatusesThenRecovers() throws Exception {
        sim.faults().failNext(503, 503);

        HttpResponse<String> first = post("/bpjstk/v1/peserta", worker("f-1", NIK_A));
        HttpResponse<String> second = post("/bpjstk/v1/peserta", worker("f-1", NIK_A));
        HttpResponse<String> third = post("/bpjstk/v1/peserta", worker("f-1", NIK_A));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("1");
        assertThat(body(first).at("/metaData/code").asText()).isEqualTo("503");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(body(third).at("/response/code").asText()).isEqualTo("200");
        assertThat(sim.stats().status5xx()).isEqualTo(2);
        assertThat(sim.stats().status2xx()).isEqualTo(1);
        assertThat(sim.stats().timesEnrolled(NIK_A)).isEqualTo(1);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        sim.faults().rateLimitPerSecond(3);
        List<HttpResponse<String>> responses = new ArrayList<>();
        // 10 requests span at most two wall-clock seconds, so one second holds at least 5 > 3.
        for (int i = 0; i < 10; i++) {
            responses.add(get("/bpjstk/v1/peserta/nik/" + NIK_A));
        }

        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).headers().firstValue("Retry-After")).contains("1");
        assertThat(body(limited.get(0)).at("/metaData/code").asText()).isEqualTo("429");
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSizeBetween(3, 7);
        assertThat(sim.stats().status429()).isEqualTo(limited.size());
        assertThat(sim.stats().maxRequestsInAnySecond()).isGreaterThanOrEqualTo(5);
        assertThat(sim.stats().totalRequests()).isEqualTo(10);
    }

    @Test
    void injectedLatencyDelaysAnswers() throws Exception {
        sim.faults().latencyMs(300);
        long started = System.nanoTime();
        HttpResponse<String> r = get("/bpjstk/v1/peserta/nik/" + NIK_A);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tookMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void latencyDoesNotSerialiseRequests() throws Exception {
        sim.faults().latencyMs(500);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long started = System.nanoTime();
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> get("/bpjstk/v1/peserta/nik/" + NIK_A)));
            }
            for (Future<HttpResponse<String>> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // Serialised, 8 x 500 ms would take 4 s; generous bound for a loaded 2-core machine.
            assertThat(tookMs).isLessThan(3000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void errorRateOneFailsEveryRequestWithConfiguredStatus() throws Exception {
        sim.faults().errorRate(1.0).errorStatus(500);
        HttpResponse<String> r = post("/bpjstk/v1/peserta", worker("e-1", NIK_A));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(sim.kpjOf(NIK_A)).as("an injected error answers before any work is done").isEmpty();
    }

    @Test
    void injectedTimeoutDoesTheWorkButWithholdsTheAnswer() throws Exception {
        sim.faults().timeoutRate(1.0);
        HttpRequest request = signed("/bpjstk/v1/peserta").timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(worker("t-1", NIK_A)))).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.kpjOf(NIK_A).isPresent());

        long started = System.nanoTime();
        sim.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .as("a held request must not hold up shutdown").isLessThan(5000);
    }

    // ---------------------------------------------------------------- admin

    @Test
    void adminEndpointsSetFaultsShowStatsAndReset() throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failNext\":[502],\"latencyMs\":0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(sim.faults().pendingFailures()).containsExactly(502);

        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).as("faults do not apply to /sim").isEqualTo(200);
        assertThat(sim.faults().pendingFailures()).containsExactly(502);

        assertThat(post("/bpjstk/v1/peserta", worker("a-1", NIK_A)).statusCode()).isEqualTo(502);
        assertThat(enroll("a-1", NIK_A).at("/response/code").asText()).isEqualTo("200");
        JsonNode shown = json.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(shown.get("totalRequests").asLong()).isEqualTo(2);
        assertThat(shown.get("enrolledWorkers").asLong()).isEqualTo(1);
        assertThat(shown.get("members").asInt()).isEqualTo(1);
        assertThat(shown.toString()).doesNotContain(NIK_A);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate\":7}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);

        http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sim.kpjOf(NIK_A)).isEmpty();
        assertThat(sim.stats().totalRequests()).isZero();
        assertThat(sim.stats().timesEnrolled(NIK_A)).isZero();
    }

    // ---------------------------------------------------------------- claims

    @Test
    void jkmClaimIsFortyTwoMillionInThreeParts() throws Exception {
        String kpj = enroll("j-1", NIK_A).at("/response/kpj").asText();

        ClaimNotice jkm = sim.jkmClaimFor(NIK_A);
        ClaimNotice jkk = sim.jkkClaimFor(NIK_A, 7_500_001L);

        assertThat(jkm.claimType()).isEqualTo("JKM");
        assertThat(jkm.kpj()).isEqualTo(kpj);
        assertThat(jkm.nik()).isEqualTo(NIK_A);
        assertThat(jkm.amount()).isEqualTo(42_000_000L);
        assertThat(jkm.components()).extracting(ClaimNotice.Component::amount)
                .containsExactly(20_000_000L, 10_000_000L, 12_000_000L);
        assertThat(jkm.beneficiary().relation()).isEqualTo("SUAMI");
        assertThat(jkk.amount()).isEqualTo(7_500_001L);
        assertThat(jkk.components().stream().mapToLong(ClaimNotice.Component::amount).sum()).isEqualTo(7_500_001L);
        assertThat(jkk.claimId()).isNotEqualTo(jkm.claimId());
        assertThat(Instant.parse(jkk.paidAt())).isAfter(Instant.parse(jkm.paidAt()));
        assertThatThrownBy(() -> sim.jkmClaimFor(NIK_B)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(NIK_B);
    }

    @Test
    void fireClaimPostsSignedClaimTheCallbackAuthenticatorAccepts() throws Exception {
        enroll("cb-1", NIK_A);
        // Replay protection and the body-bound signature on, as the gateway's callback has them.
        RequestAuthenticator callbackAuth = new RequestAuthenticator(config.callbackConsId(),
                config.callbackSecret(), null, Duration.ofMinutes(5), Clock.systemUTC(),
                RequestAuthenticator.inMemory(100), true);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> verdicts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callback/klaim", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                RequestAuthenticator.Verdict v = callbackAuth.verify(ex.getRequestHeaders()::getFirst, body);
                verdicts.add(v.code());
                bodies.add(new String(body));
                ex.sendResponseHeaders(v.ok() ? 200 : 401, -1);
            }
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback/klaim";
            ClaimNotice claim = sim.jkmClaimFor(NIK_A);

            assertThat(sim.fireClaim(url, claim)).isEqualTo(200);
            assertThat(sim.fireClaim(url, sim.jkkClaimFor(NIK_A, 3_000_000L))).isEqualTo(200);
            assertThat(sim.fireClaim(url, sim.jkkClaimFor(NIK_A, 1_000_000L))).isEqualTo(200);

            assertThat(verdicts).containsExactly("200", "200", "200");
            ClaimNotice received = json.readValue(bodies.get(0), ClaimNotice.class);
            assertThat(received).isEqualTo(claim);
        } finally {
            receiver.stop(0);
        }
        RequestAuthenticator wrongSecret = new RequestAuthenticator(config.callbackConsId(), "not-it", null,
                Duration.ofMinutes(5), Clock.systemUTC(), null, true);
        byte[] someBody = bodies.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(wrongSecret.verify(BpjsSignature.bodyHeaders(config.callbackConsId(), config.callbackSecret(), null,
                Instant.now().getEpochSecond(), someBody)::get, someBody).ok()).isFalse();
    }

    @Test
    void fireClaimToUnreachableCallbackThrowsButKeepsClaimListed() throws Exception {
        enroll("cb-2", NIK_A);
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClaimNotice claim = sim.jkmClaimFor(NIK_A);
        assertThatThrownBy(() -> sim.fireClaim("http://127.0.0.1:" + closedPort + "/cb", claim))
                .isInstanceOf(java.io.UncheckedIOException.class);
        JsonNode listed = body(get("/bpjstk/v1/klaim")).at("/response/klaim");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("claimId").asText()).isEqualTo(claim.claimId());
    }

    @Test
    void claimListingPagesByWatermarkOldestFirst() throws Exception {
        enroll("k-1", NIK_A);
        enroll("k-2", NIK_B);
        ClaimNotice c1 = sim.jkmClaimFor(NIK_A);
        ClaimNotice c2 = sim.jkkClaimFor(NIK_B, 2_000_000L);
        ClaimNotice c3 = sim.jkkClaimFor(NIK_A, 5_000_000L);
        // Added out of order: the listing must still be by paidAt.
        assertThat(sim.addClaim(c3)).isTrue();
        assertThat(sim.addClaim(c1)).isTrue();
        assertThat(sim.addClaim(c2)).isTrue();
        assertThat(sim.addClaim(c2)).as("same claimId twice").isFalse();

        JsonNode page1 = body(get("/bpjstk/v1/klaim?since=1970-01-01T00:00:00Z&limit=2"));
        assertThat(page1.at("/metaData/code").asText()).isEqualTo("200");
        assertThat(ids(page1)).containsExactly(c1.claimId(), c2.claimId());
        String watermark = page1.at("/response/watermark").asText();
        assertThat(watermark).isEqualTo(c2.paidAt());

        JsonNode page2 = body(get("/bpjstk/v1/klaim?since=" + watermark + "&limit=2"));
        assertThat(ids(page2)).containsExactly(c3.claimId());
        assertThat(page2.at("/response/klaim/0/amount").asLong()).isEqualTo(5_000_000L);

        String last = page2.at("/response/watermark").asText();
        JsonNode page3 = body(get("/bpjstk/v1/klaim?since=" + last));
        assertThat(ids(page3)).isEmpty();
        assertThat(page3.at("/response/watermark").asText()).isEqualTo(last);

        HttpResponse<String> bad = get("/bpjstk/v1/klaim?since=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        envelope.at("/response/klaim").forEach(c -> ids.add(c.get("claimId").asText()));
        return ids;
    }

    @Test
    void baseUrlAndPortDescribeTheListener() {
        assertThat(sim.port()).isPositive();
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
        assertThat(Map.of("cfg", sim.config().toString()).get("cfg"))
                .doesNotContain(config.secret()).doesNotContain(config.callbackSecret());
    }
}
