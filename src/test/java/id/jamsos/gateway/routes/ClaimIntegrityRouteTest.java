package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 end to end: a captured callback cannot carry another body, every malformed field is a
 * 400 (never a 500 BPJS retries forever), nothing NIK-shaped or forged reaches a log line, a second
 * notice with other content goes to review with both versions, and the pull sends a claim it
 * cannot take to review and goes on.
 */
class ClaimIntegrityRouteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicLong TIMESTAMPS = new AtomicLong();
    static final String FOREIGN_NIK = "9271014501900001";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(ClaimPathsRouteTest.QUICK_PULL);
    static List<String> enrolledNiks = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "klaim.csv", 10, 14L);
        enrolledNiks.addAll(fx.enrolledNiks(file.id()));
        assertThat(enrolledNiks).hasSizeGreaterThanOrEqualTo(6);
    }

    /** Now, or one second after the last one: every signed request its own second. */
    static long nextTimestamp() {
        long now = System.currentTimeMillis() / 1000;
        return TIMESTAMPS.updateAndGet(last -> Math.max(now, last + 1));
    }

    static HttpRequest signed(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(fx.env().callbackUrl(fx.props())))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        return req.build();
    }

    static HttpResponse<String> send(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SimulatorConfig sim = fx.env().simulator().config();
        return HTTP.send(signed(bytes, BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null,
                nextTimestamp(), bytes)), HttpResponse.BodyHandlers.ofString());
    }

    static List<FinanceQueueReader.Received> takeUntil(String queue, Predicate<List<FinanceQueueReader.Received>> done,
                                                       Duration max) throws Exception {
        List<FinanceQueueReader.Received> got = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env().broker().brokerUrl(), fx.props().get(queue))) {
            while (!done.test(got) && System.nanoTime() < deadline) {
                got.addAll(reader.take(1000, Duration.ofMillis(300)));
            }
            got.addAll(reader.take(1000, Duration.ofMillis(700)));
        }
        return got;
    }

    static long count(List<FinanceQueueReader.Received> got, String messageId) {
        return got.stream().filter(m -> m.messageId().equals(messageId)).count();
    }

    static String json(ClaimNotice claim) throws Exception {
        return JSON.writeValueAsString(claim);
    }

    // ------------------------------------------------------------------------------------ item 2

    @Test
    void theHeadersOfAGenuineCallbackCannotCarryAForgedBody() throws Exception {
        ClaimNotice genuine = fx.env().simulator().jkkClaimFor(enrolledNiks.get(0), 2_000_000L);
        byte[] genuineBytes = json(genuine).getBytes(StandardCharsets.UTF_8);
        SimulatorConfig sim = fx.env().simulator().config();
        Map<String, String> captured = BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null,
                nextTimestamp(), genuineBytes);
        ClaimNotice forged = new ClaimNotice(genuine.claimId() + "-F", "JKK", genuine.kpj(), genuine.nik(),
                150_000_000L, List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", 150_000_000L)),
                genuine.paidAt(), genuine.beneficiary());

        HttpResponse<String> forgedAnswer = HTTP.send(signed(json(forged).getBytes(StandardCharsets.UTF_8), captured),
                HttpResponse.BodyHandlers.ofString());
        // The old scheme (consId&timestamp only) is not accepted on the callback either.
        byte[] forgedBytes = json(forged).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> oldScheme = HTTP.send(signed(forgedBytes, BpjsSignature.headers(sim.callbackConsId(),
                sim.callbackSecret(), null, nextTimestamp())), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> genuineAnswer = HTTP.send(signed(genuineBytes, captured),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forgedAnswer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forgedAnswer.body()).path("metaData").path("code").asText()).isEqualTo("401");
        assertThat(oldScheme.statusCode()).isEqualTo(401);
        assertThat(genuineAnswer.statusCode()).isEqualTo(200);
        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> count(g, "claim-" + genuine.claimId()) > 0, Duration.ofSeconds(20));
        assertThat(count(finance, "claim-" + genuine.claimId())).isEqualTo(1);
        assertThat(count(finance, "claim-" + forged.claimId())).isZero();
    }

    @Test
    void everyMalformedFieldIsA400EnvelopeAndNeitherQueueHearsOfIt() throws Exception {
        ClaimNotice base = fx.env().simulator().jkkClaimFor(enrolledNiks.get(1), 7_500_000L);
        String ok = json(base);
        String id = base.claimId();
        List<String> bad = List.of(
                ok.replace("\"claimType\":\"JKK\",", ""),                                  // claimType missing
                ok.replace("\"claimType\":\"JKK\"", "\"claimType\":null"),                 // claimType null
                ok.replace("\"kpj\":\"" + base.kpj() + "\"", "\"kpj\":\"" + "1".repeat(40) + "\""),
                ok.replace("\"claimId\":\"" + id + "\"", "\"claimId\":\"" + id + "\\r\\nINFO FORGED-LINE\""),
                ok.replace("\"claimId\":\"" + id + "\"", "\"claimId\":\"" + id + "\\u200b\""),
                ok.replace("\"claimId\":\"" + id + "\"", "\"claimId\":\"" + id + "\\u202e\""),
                ok.replace("\"amount\":7500000,", "\"amount\":7500000.99,"),
                ok.replace("\"amount\":7500000,", "\"amount\":1,\"amount\":7500000,"),
                ok.replace("\"amount\":7500000,", "\"amount\":10000000000000000000,"),
                ok.replace("\"amount\":7500000,", "\"amount\":-7500000,"),
                ok.replace("\"paidAt\":\"" + base.paidAt() + "\"", "\"paidAt\":\"not-a-date\""),
                ok.replace("\"nik\":\"" + base.nik() + "\"", "\"nik\":\"" + base.nik() + "\\n\""));
        for (String body : bad) {
            HttpResponse<String> answer = send(body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            JsonNode envelope = JSON.readTree(answer.body());
            assertThat(envelope.path("metaData").path("code").asText()).isEqualTo("400");
            assertThat(answer.body()).doesNotContain(base.nik()).doesNotContain("FORGED-LINE");
        }
        assertThat(send(ok).statusCode()).as("the well-formed claim itself").isEqualTo(200);
        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> count(g, "claim-" + id) > 0, Duration.ofSeconds(20));
        assertThat(count(finance, "claim-" + id)).isEqualTo(1);
        JsonNode published = JSON.readTree(finance.stream().filter(m -> m.messageId().equals("claim-" + id))
                .findFirst().orElseThrow().body());
        assertThat(published.path("amount").asLong()).isEqualTo(7_500_000L);
        List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue", g -> false,
                Duration.ofMillis(500));
        assertThat(review).noneMatch(m -> m.body().contains(id));
    }

    @Test
    void nothingNikShapedOrForgedReachesALogLine() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            ClaimNotice base = fx.env().simulator().jkkClaimFor(enrolledNiks.get(2), 1_000_000L);
            // A NIK where the KPJ and the claim type go: well formed, so recorded for review.
            ClaimNotice nikAsKpj = new ClaimNotice(base.claimId() + "-K", FOREIGN_NIK, FOREIGN_NIK, null,
                    base.amount(), base.components(), base.paidAt(), null);
            assertThat(send(json(nikAsKpj)).statusCode()).isEqualTo(200);
            // Refused ones: the refusal is logged, without the value.
            assertThat(send(json(base).replace("\"claimType\":\"JKK\"", "\"claimType\":\"" + FOREIGN_NIK + "X\""))
                    .statusCode()).isEqualTo(400);
            assertThat(send(json(base).replace("\"claimId\":\"" + base.claimId() + "\"",
                    "\"claimId\":\"X\\r\\nINFO FORGED-LINE " + FOREIGN_NIK + "\"")).statusCode()).isEqualTo(400);
            List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                    g -> count(g, "claim-" + nikAsKpj.claimId()) > 0, Duration.ofSeconds(20));
            assertThat(count(review, "claim-" + nikAsKpj.claimId())).isEqualTo(1);
            assertThat(review.stream().filter(m -> m.messageId().equals("claim-" + nikAsKpj.claimId())).findFirst()
                    .orElseThrow().body()).doesNotContain(FOREIGN_NIK);

            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains(FOREIGN_NIK)).noneMatch(l -> l.contains("FORGED-LINE"));
        }
    }

    @Test
    void aClaimThePullCannotTakeGoesToReviewAndThePullGoesOn() throws Exception {
        ClaimNotice noType = fx.env().simulator().jkkClaimFor(enrolledNiks.get(3), 1_000_000L);
        noType = new ClaimNotice(noType.claimId(), null, noType.kpj(), noType.nik(), noType.amount(),
                noType.components(), noType.paidAt(), noType.beneficiary());
        ClaimNotice longKpj = fx.env().simulator().jkkClaimFor(enrolledNiks.get(3), 1_000_000L);
        longKpj = new ClaimNotice(longKpj.claimId(), "JKK", "9".repeat(40), longKpj.nik(), longKpj.amount(),
                longKpj.components(), longKpj.paidAt(), longKpj.beneficiary());
        ClaimNotice controlId = fx.env().simulator().jkkClaimFor(enrolledNiks.get(3), 1_000_000L);
        controlId = new ClaimNotice(controlId.claimId() + "\r\nFORGED-LINE", "JKK", controlId.kpj(), controlId.nik(),
                controlId.amount(), controlId.components(), controlId.paidAt(), controlId.beneficiary());
        ClaimNotice good = fx.env().simulator().jkkClaimFor(enrolledNiks.get(4), 3_000_000L);
        ClaimNotice farFuture = fx.env().simulator().jkkClaimFor(enrolledNiks.get(4), 3_000_000L);
        farFuture = new ClaimNotice(farFuture.claimId(), "JKK", farFuture.kpj(), farFuture.nik(), farFuture.amount(),
                farFuture.components(), "9999-12-31T00:00:00Z", farFuture.beneficiary());
        for (ClaimNotice c : List.of(noType, longKpj, controlId, good, farFuture)) {
            fx.env().simulator().addClaim(c);
        }
        String noTypeId = "claim-" + noType.claimId();
        String longKpjId = "claim-" + longKpj.claimId();
        String farId = "claim-" + farFuture.claimId();

        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> count(g, "claim-" + good.claimId()) > 0, Duration.ofSeconds(30));
        assertThat(count(finance, "claim-" + good.claimId())).isEqualTo(1);
        List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                g -> count(g, noTypeId) > 0 && count(g, longKpjId) > 0 && count(g, farId) > 0
                        && g.stream().anyMatch(m -> m.messageId().startsWith("claim-INVALID~")),
                Duration.ofSeconds(30));
        assertThat(count(review, noTypeId)).isEqualTo(1);
        assertThat(count(review, longKpjId)).isEqualTo(1);
        assertThat(count(review, farId)).isEqualTo(1);
        assertThat(review.stream().filter(m -> m.messageId().equals(farId)).findFirst().orElseThrow().reviewReason())
                .contains("INVALID_DATE");
        assertThat(review).filteredOn(m -> m.messageId().startsWith("claim-INVALID~")).hasSize(1)
                .allMatch(m -> m.reviewReason().contains("MALFORMED") && !m.body().contains("FORGED-LINE"));
        for (FinanceQueueReader.Received m : finance) {
            assertThat(m.messageId()).isNotIn(noTypeId, longKpjId, farId);
        }
        // The watermark went past the good claim but not to year 9999, which would skip every later claim.
        ClaimPuller puller = fx.gateway().context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !Instant.parse(puller.watermark()).isBefore(Instant.parse(good.paidAt())));
        assertThat(Instant.parse(puller.watermark())).isBefore(Instant.parse("9999-01-01T00:00:00Z"));
    }

    @Test
    void aPulledClaimWithAKeySentTwiceGoesToReviewAndThePullGoesOn() throws Exception {
        ClaimNotice twice = fx.env().simulator().jkkClaimFor(enrolledNiks.get(2), 2_000_000L);
        ClaimNotice after = fx.env().simulator().jkkClaimFor(enrolledNiks.get(2), 2_500_000L);
        // The same amount again: whichever of the two a reader keeps, the claim looks sound. It is refused
        // all the same, as the callback refuses it: a claim that says one thing twice is not trusted.
        fx.env().simulator().repeatKeyInListing(twice.claimId(), "amount", "2000000");
        try {
            fx.env().simulator().addClaim(twice);
            fx.env().simulator().addClaim(after);
            String twiceId = "claim-" + twice.claimId();
            List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                    g -> count(g, "claim-" + after.claimId()) > 0, Duration.ofSeconds(30));
            assertThat(count(finance, "claim-" + after.claimId())).isEqualTo(1);
            List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                    g -> count(g, twiceId) > 0, Duration.ofSeconds(30));
            assertThat(review).filteredOn(m -> m.messageId().equals(twiceId)).singleElement()
                    .satisfies(m -> {
                        assertThat(m.reviewReason()).contains("MALFORMED");
                        assertThat(JSON.readTree(m.body()).path("reviewReason").asText()).contains("Duplicate field 'amount'");
                    });
            assertThat(count(finance, twiceId)).isZero();
            ClaimPuller puller = fx.gateway().context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !Instant.parse(puller.watermark()).isBefore(Instant.parse(after.paidAt())));
        } finally {
            fx.env().simulator().clearRepeatedKeys();
        }
    }

    @Test
    void thePullAsksForJsonAndSendsNothingOfTheGatewaysOwn() {
        long before = fx.env().simulator().stats().totalRequests();
        // A few ticks of the pull (every 250 ms), beside the enrollments of the start.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.env().simulator().stats().totalRequests() >= before + 3);
        assertThat(fx.env().simulator().stats().requestsNotAcceptingJson()).isZero();
        assertThat(fx.env().simulator().stats().headerNames()).contains("accept", "x-signature");
        assertThat(fx.env().simulator().stats().foreignHeaderNames()).isEmpty();
    }

    @Test
    void aNullInTheListingGoesToReviewAndThePullGoesOn() throws Exception {
        ClaimNotice after = fx.env().simulator().jkkClaimFor(enrolledNiks.get(1), 1_250_000L);
        // Read as Java's null, the entry would vanish in the split: nobody would hear that BPJS sent it.
        fx.env().simulator().nullInListingBefore(after.claimId());
        try {
            fx.env().simulator().addClaim(after);
            List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                    g -> count(g, "claim-" + after.claimId()) > 0, Duration.ofSeconds(30));
            assertThat(count(finance, "claim-" + after.claimId())).isEqualTo(1);
            List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                    g -> g.stream().anyMatch(m -> m.body().contains("null instead of a claim")), Duration.ofSeconds(30));
            assertThat(review).filteredOn(m -> m.body().contains("null instead of a claim")).singleElement()
                    .satisfies(m -> {
                        assertThat(m.messageId()).startsWith("claim-INVALID~");
                        assertThat(m.reviewReason()).contains("MALFORMED");
                    });
            ClaimPuller puller = fx.gateway().context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !Instant.parse(puller.watermark()).isBefore(Instant.parse(after.paidAt())));
        } finally {
            fx.env().simulator().nullInListingBefore(null);
        }
    }

    @Test
    void aListingWithAKeySentTwiceOutsideItsClaimsIsRefusedWholeAndTheWatermarkStays() throws Exception {
        ClaimPuller puller = fx.gateway().context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
        ClaimNotice hidden = fx.env().simulator().jkkClaimFor(enrolledNiks.get(1), 1_500_000L);
        // Read last-wins, the second "klaim" (empty) would hide the first: the claim would never be seen, and
        // a later page's claims would move the watermark past it for good.
        fx.env().simulator().repeatKeyInListing(null, "klaim", "[]");
        try (LogCapture logs = LogCapture.attach()) {
            String before = puller.watermark();
            fx.env().simulator().addClaim(hidden);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains("claims pull failed") && l.contains("Duplicate field 'klaim'")));
            assertThat(puller.watermark()).isEqualTo(before);
        } finally {
            fx.env().simulator().clearRepeatedKeys();
        }
        // The endpoint mended, the claim is taken.
        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> count(g, "claim-" + hidden.claimId()) > 0, Duration.ofSeconds(30));
        assertThat(count(finance, "claim-" + hidden.claimId())).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------ item 3

    @Test
    void aSecondNoticeWithOtherContentGoesToReviewWithBothVersions() throws Exception {
        ClaimNotice first = fx.env().simulator().jkkClaimFor(enrolledNiks.get(5), 5_000_000L);
        ClaimNotice other = new ClaimNotice(first.claimId(), "JKK", first.kpj(), first.nik(), 9_000_000L,
                List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", 9_000_000L)), first.paidAt(), first.beneficiary());

        HttpResponse<String> a = send(json(first));
        HttpResponse<String> again = send(json(first));
        HttpResponse<String> conflict = send(json(other));
        HttpResponse<String> conflictAgain = send(json(other));

        assertThat(JSON.readTree(a.body()).path("response").path("status").asText()).isEqualTo("RECEIVED");
        assertThat(JSON.readTree(again.body()).path("response").path("status").asText()).isEqualTo("DUPLICATE");
        assertThat(JSON.readTree(conflict.body()).path("response").path("status").asText()).isEqualTo("CONFLICT");
        assertThat(JSON.readTree(conflictAgain.body()).path("response").path("status").asText()).isEqualTo("CONFLICT");
        String prefix = "claim-" + first.claimId() + "~conflict~";
        List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                g -> g.stream().anyMatch(m -> m.messageId().startsWith(prefix)), Duration.ofSeconds(20));
        List<FinanceQueueReader.Received> conflicts = review.stream().filter(m -> m.messageId().startsWith(prefix))
                .toList();
        assertThat(conflicts).hasSize(1);
        JsonNode body = JSON.readTree(conflicts.get(0).body());
        assertThat(ClaimCallbackRouteTest.FINANCE_SCHEMA.validate(body)).isEmpty();
        assertThat(body.path("reviewCode").asText()).startsWith("CONFLICTING_NOTICE");
        assertThat(body.path("claimId").asText()).isEqualTo(first.claimId());
        assertThat(body.path("amount").asLong()).isEqualTo(9_000_000L);
        assertThat(body.path("previous").path("amount").asLong()).isEqualTo(5_000_000L);
        assertThat(body.path("reviewReason").asText()).contains("amount").contains("components");
        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> count(g, "claim-" + first.claimId()) > 0, Duration.ofSeconds(20));
        assertThat(finance).filteredOn(m -> m.messageId().startsWith("claim-" + first.claimId())).hasSize(1);
        assertThat(JSON.readTree(finance.stream().filter(m -> m.messageId().equals("claim-" + first.claimId()))
                .findFirst().orElseThrow().body()).path("amount").asLong()).isEqualTo(5_000_000L);
    }

    // ------------------------------------------------------------------------------------ fuzz

    /**
     * Seeded claims, valid and broken in the ways issue 14 lists, signed and sent through the real
     * callback; whatever reaches the finance queue must hold every money invariant, every valid
     * claim must reach it once, and no broken one may. {@code -Djamsos.fuzz.seed=S},
     * {@code -Djamsos.fuzz.claims=N} (default 160).
     */
    @Test
    void seededClaimsKeepTheMoneyInvariantsOnTheFinanceQueue() throws Exception {
        long seed = Long.getLong("jamsos.fuzz.seed", 14L);
        int n = Integer.getInteger("jamsos.fuzz.claims", 160);
        java.util.Random random = new java.util.Random(seed);
        List<id.jamsos.gateway.ledger.WorkerEnrollment> workers = new ArrayList<>();
        for (String nik : enrolledNiks) {
            workers.add(fx.gateway().ledger().findWorkerByNik(nik).orElseThrow());
        }
        Map<String, Long> caps = Map.of("JKM", 42_000_000L, "JKK", 500_000_000L);
        String prefix = "FZ" + Long.toString(Math.abs(seed), 36).toUpperCase() + "-" + System.nanoTime() % 100_000 + "-";
        Map<String, ClaimNotice> firstVersion = new java.util.LinkedHashMap<>();
        java.util.Set<String> expectFinance = new java.util.TreeSet<>();
        java.util.Set<String> expectReview = new java.util.TreeSet<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            id.jamsos.gateway.ledger.WorkerEnrollment w = workers.get(random.nextInt(workers.size()));
            String id = prefix + i;
            String paidAt = now.minusSeconds(60 + random.nextInt(30 * 86_400)).toString();
            ClaimNotice claim;
            String raw = null;
            String kind;
            boolean good = false;
            int k = random.nextInt(18);
            long jkk = 100_000L + (long) (random.nextDouble() * 400_000_000L);
            List<ClaimNotice.Component> jkkParts = List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", jkk * 6 / 10),
                    new ClaimNotice.Component("SANTUNAN_STMB", jkk - jkk * 6 / 10));
            List<ClaimNotice.Component> jkmParts = List.of(new ClaimNotice.Component("SANTUNAN_KEMATIAN", 20_000_000L),
                    new ClaimNotice.Component("BIAYA_PEMAKAMAN", 10_000_000L),
                    new ClaimNotice.Component("SANTUNAN_BERKALA", 12_000_000L));
            switch (k) {
                case 0, 1, 2 -> {
                    kind = "valid-jkm";
                    claim = new ClaimNotice(id, "JKM", w.kpj(), w.nik(), 42_000_000L, jkmParts, paidAt, null);
                    good = true;
                }
                case 3, 4, 5 -> {
                    kind = "valid-jkk";
                    claim = new ClaimNotice(id, "JKK", w.kpj(), w.nik(), jkk, jkkParts, paidAt, null);
                    good = true;
                }
                case 6 -> {
                    kind = "overflowing-components";
                    claim = new ClaimNotice(id, "JKK", w.kpj(), w.nik(), 7_500_000L, List.of(
                            new ClaimNotice.Component("BIAYA_PERAWATAN", Long.MAX_VALUE),
                            new ClaimNotice.Component("SANTUNAN_STMB", Long.MAX_VALUE),
                            new ClaimNotice.Component("LAIN", 7_500_002L)), paidAt, null);
                }
                case 7 -> {
                    kind = "negative-component";
                    claim = new ClaimNotice(id, "JKK", w.kpj(), w.nik(), 7_500_000L, List.of(
                            new ClaimNotice.Component("BIAYA_PERAWATAN", 10_000_000L),
                            new ClaimNotice.Component("SANTUNAN_STMB", -2_500_000L)), paidAt, null);
                }
                case 8 -> {
                    kind = "over-cap-no-components";
                    claim = new ClaimNotice(id, "JKK", w.kpj(), w.nik(),
                            random.nextBoolean() ? 9_000_000_000_000_000_000L : 250_000_000_000L, null, paidAt, null);
                }
                case 9 -> {
                    kind = "jkm-component-twice";
                    claim = new ClaimNotice(id, "JKM", w.kpj(), w.nik(), 42_000_000L, List.of(
                            new ClaimNotice.Component("SANTUNAN_KEMATIAN", 20_000_000L),
                            new ClaimNotice.Component("SANTUNAN_KEMATIAN", 20_000_000L),
                            new ClaimNotice.Component("BIAYA_PEMAKAMAN", 2_000_000L)), paidAt, null);
                }
                case 10 -> {
                    kind = "implausible-date";
                    claim = new ClaimNotice(id, "JKM", w.kpj(), w.nik(), 42_000_000L, jkmParts,
                            random.nextBoolean() ? "9999-12-31T00:00:00Z" : "2010-01-01T00:00:00Z", null);
                }
                case 11 -> {
                    kind = "unknown-type-or-worker";
                    claim = random.nextBoolean()
                            ? new ClaimNotice(id, "JHT", w.kpj(), w.nik(), jkk, jkkParts, paidAt, null)
                            : new ClaimNotice(id, "JKK", null, "9271015001900009", jkk, jkkParts, paidAt, null);
                }
                case 12 -> {
                    kind = "fractional-or-duplicate-key";
                    claim = new ClaimNotice(id, "JKK", w.kpj(), w.nik(), jkk, jkkParts, paidAt, null);
                    String json = json(claim);
                    raw = random.nextBoolean() ? json.replace("\"amount\":" + jkk + ",", "\"amount\":" + jkk + ".99,")
                            : json.replace("\"amount\":" + jkk + ",", "\"amount\":" + (jkk * 20) + ",\"amount\":"
                            + jkk + ",");
                }
                case 13 -> {
                    kind = "bad-identifier-or-date";
                    String[] ids = {id + "\r\nINFO forged", id + "\u200b", id + "\u202e"};
                    claim = random.nextBoolean()
                            ? new ClaimNotice(ids[random.nextInt(ids.length)], "JKK", w.kpj(), w.nik(), jkk, jkkParts,
                            paidAt, null)
                            : new ClaimNotice(id, "JKK", w.kpj(), w.nik(), jkk, jkkParts, "not-a-date", null);
                }
                case 14 -> {
                    kind = "kpj-nik-mismatch";
                    id.jamsos.gateway.ledger.WorkerEnrollment other = workers.get((workers.indexOf(w) + 1) % workers.size());
                    claim = new ClaimNotice(id, "JKK", w.kpj(), other.nik(), jkk, jkkParts, paidAt, null);
                }
                default -> {
                    if (firstVersion.isEmpty()) {
                        kind = "valid-jkm";
                        claim = new ClaimNotice(id, "JKM", w.kpj(), w.nik(), 42_000_000L, jkmParts, paidAt, null);
                        good = true;
                    } else {
                        List<String> known = new ArrayList<>(firstVersion.keySet());
                        ClaimNotice earlier = firstVersion.get(known.get(random.nextInt(known.size())));
                        if (k == 15) {
                            kind = "same-again";
                            claim = earlier;
                        } else {
                            kind = "other-content-same-id";
                            long amount = earlier.amount() + 1 + random.nextInt(1_000_000);
                            claim = new ClaimNotice(earlier.claimId(), "JKK", w.kpj(), w.nik(), amount, List.of(
                                    new ClaimNotice.Component("BIAYA_PERAWATAN", amount)), earlier.paidAt(), null);
                        }
                    }
                }
            }
            kinds.merge(kind, 1, Integer::sum);
            HttpResponse<String> answer = send(raw != null ? raw : json(claim));
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            assertThat(answer.statusCode()).as(kind + " " + answer.body()).isIn(200, 400);
            if (answer.statusCode() == 200 && !firstVersion.containsKey(claim.claimId())) {
                firstVersion.put(claim.claimId(), claim);
                (good ? expectFinance : expectReview).add(claim.claimId());
            }
            if (kind.equals("other-content-same-id") && answer.statusCode() == 200) {
                assertThat(JSON.readTree(answer.body()).path("response").path("status").asText()).isIn("CONFLICT",
                        "DUPLICATE");
            }
        }
        System.out.printf("claim fuzz seed=%d claims=%d kinds=%s statuses=%s expected finance=%d review=%d%n", seed,
                n, kinds, statuses, expectFinance.size(), expectReview.size());

        List<FinanceQueueReader.Received> finance = takeUntil("jamsos.finance.queue",
                g -> g.stream().map(FinanceQueueReader.Received::messageId).filter(m -> m.startsWith("claim-" + prefix))
                        .count() >= expectFinance.size(), Duration.ofSeconds(60))
                .stream().filter(m -> m.messageId().startsWith("claim-" + prefix)).toList();
        List<FinanceQueueReader.Received> review = takeUntil("jamsos.finance.reviewQueue",
                g -> expectReview.stream().allMatch(id -> count(g, "claim-" + id) > 0), Duration.ofSeconds(60));

        java.util.Set<String> kpjs = new java.util.HashSet<>();
        workers.forEach(w -> kpjs.add(w.kpj()));
        java.util.Set<String> seenIds = new java.util.HashSet<>();
        for (FinanceQueueReader.Received m : finance) {
            JsonNode body = JSON.readTree(m.body());
            String claimId = body.path("claimId").asText();
            assertThat(ClaimCallbackRouteTest.FINANCE_SCHEMA.validate(body)).as(claimId).isEmpty();
            assertThat(seenIds.add(claimId)).as("once on finance: " + claimId).isTrue();
            assertThat(body.path("messageType").asText()).isEqualTo("CLAIM_PAID");
            String type = body.path("claimType").asText();
            long amount = body.path("amount").asLong();
            assertThat(caps).containsKey(type);
            assertThat(amount).as(claimId).isPositive().isLessThanOrEqualTo(caps.get(type));
            assertThat(body.path("amount").isIntegralNumber()).isTrue();
            long sum = 0;
            java.util.Set<String> codes = new java.util.HashSet<>();
            for (JsonNode c : body.path("components")) {
                assertThat(c.path("amount").asLong()).as(claimId).isNotNegative();
                assertThat(codes.add(c.path("code").asText())).as("component listed once: " + claimId).isTrue();
                sum = Math.addExact(sum, c.path("amount").asLong());
            }
            assertThat(codes).as(claimId).isNotEmpty();
            assertThat(sum).as(claimId).isEqualTo(amount);
            if (type.equals("JKM")) {
                assertThat(amount).isEqualTo(42_000_000L);
                assertThat(codes).contains("SANTUNAN_KEMATIAN", "BIAYA_PEMAKAMAN", "SANTUNAN_BERKALA");
            }
            assertThat(kpjs).as("a worker enrolled here").contains(body.path("worker").path("kpj").asText());
            assertThat(body.path("agency").isObject()).isTrue();
            Instant paid = Instant.parse(body.path("paidAt").asText());
            assertThat(paid).isAfterOrEqualTo(Instant.parse("2015-07-01T00:00:00Z")).isBeforeOrEqualTo(Instant.now());
            ClaimNotice first = firstVersion.get(claimId);
            assertThat(first).as("sent and accepted: " + claimId).isNotNull();
            assertThat(amount).as("the first version's amount: " + claimId).isEqualTo(first.amount());
            assertThat(body.path("worker").path("kpj").asText()).isEqualTo(first.kpj());
        }
        assertThat(seenIds).as("every valid claim reached finance, and nothing else")
                .containsExactlyInAnyOrderElementsOf(expectFinance);
        for (String id : expectReview) {
            assertThat(count(review, "claim-" + id)).as("on review: " + id).isEqualTo(1);
        }
        assertThat(review).allMatch(m -> m.messageType().equals("CLAIM_REVIEW"));
        if (kinds.containsKey("other-content-same-id")) {
            assertThat(review).anyMatch(m -> m.messageId().contains("~conflict~")
                    && m.reviewReason().startsWith("CONFLICTING_NOTICE"));
        }
    }
}
