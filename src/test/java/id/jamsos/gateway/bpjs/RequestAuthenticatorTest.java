package id.jamsos.gateway.bpjs;

import id.jamsos.gateway.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequestAuthenticatorTest {

    private static final long NOW = 1_700_000_000L;
    private static final String CONS = "JAMSOS-SORONG";
    private static final String SECRET = "s3cret";
    private static final String USER_KEY = "uk-1";

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    private RequestAuthenticator authenticator(Duration window, int replayCache) {
        return new RequestAuthenticator(CONS, SECRET, USER_KEY, window, clock, replayCache);
    }

    private static Function<String, String> headers(Map<String, String> values) {
        // HTTP header names are case-insensitive; the authenticator must not depend on spelling.
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(values);
        return ci::get;
    }

    private static Map<String, String> signed(long ts) {
        return new HashMap<>(BpjsSignature.headers(CONS, SECRET, USER_KEY, ts));
    }

    private static byte[] claim(String claimId) {
        return ("{\"claimId\":\"" + claimId + "\",\"amount\":42000000}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsCorrectlySignedRequest() {
        RequestAuthenticator.Verdict v = authenticator(Duration.ofMinutes(5), 0).verify(headers(signed(NOW)));
        assertThat(v.ok()).isTrue();
        assertThat(v.code()).isEqualTo("200");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> lower = new HashMap<>();
        signed(NOW).forEach((k, v) -> lower.put(k.toLowerCase(), v));
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(headers(lower)).ok()).isTrue();
    }

    @Test
    void refusesWrongSignature() {
        Map<String, String> h = signed(NOW);
        h.put("X-signature", BpjsSignature.sign(CONS, NOW, "wrong-secret"));
        RequestAuthenticator.Verdict v = authenticator(Duration.ofMinutes(5), 0).verify(headers(h));
        assertThat(v.ok()).isFalse();
        assertThat(v.code()).isEqualTo("401");
        assertThat(v.message()).contains("Invalid signature").contains("Signature tidak valid");
    }

    @Test
    void refusesWrongConsIdEvenWhenSignedWithIt() {
        Map<String, String> h = new HashMap<>(BpjsSignature.headers("OTHER", SECRET, USER_KEY, NOW));
        RequestAuthenticator.Verdict v = authenticator(Duration.ofMinutes(5), 0).verify(headers(h));
        assertThat(v.ok()).isFalse();
        assertThat(v.code()).isEqualTo("401");
        assertThat(v.messageEn()).contains("consumer id");
    }

    @Test
    void refusesMissingHeaders() {
        Map<String, String> h = signed(NOW);
        h.remove("X-signature");
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(headers(h)).code()).isEqualTo("401");
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(name -> null).ok()).isFalse();
    }

    @Test
    void refusesWrongOrMissingUserKey() {
        Map<String, String> h = signed(NOW);
        h.put("user_key", "nope");
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(headers(h)).code()).isEqualTo("403");
        h.remove("user_key");
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(headers(h)).code()).isEqualTo("403");
    }

    @Test
    void userKeyNotCheckedWhenNotConfigured() {
        RequestAuthenticator a = new RequestAuthenticator(CONS, SECRET, null, Duration.ofMinutes(5), clock, 0);
        assertThat(a.verify(headers(BpjsSignature.headers(CONS, SECRET, null, NOW))).ok()).isTrue();
    }

    @Test
    void refusesStaleTimestampInThePastAndInTheFuture() {
        RequestAuthenticator a = authenticator(Duration.ofSeconds(300), 0);
        assertThat(a.verify(headers(signed(NOW - 300))).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW + 300))).ok()).isTrue();
        RequestAuthenticator.Verdict past = a.verify(headers(signed(NOW - 301)));
        RequestAuthenticator.Verdict future = a.verify(headers(signed(NOW + 301)));
        assertThat(past.ok()).isFalse();
        assertThat(past.code()).isEqualTo("419");
        assertThat(future.ok()).isFalse();
        assertThat(future.code()).isEqualTo("419");
    }

    @Test
    void refusesUnparseableTimestamp() {
        Map<String, String> h = signed(NOW);
        h.put("X-timestamp", "2023-11-14T22:13:20Z");
        assertThat(authenticator(Duration.ofMinutes(5), 0).verify(headers(h)).code()).isEqualTo("419");
    }

    @Test
    void aTimestampThatWouldOverflowTheWindowArithmeticIsStale() {
        // Correctly signed, so only the window check stands between it and acceptance: now minus
        // this timestamp is 2^63, which wraps to Long.MIN_VALUE, whose Math.abs is negative.
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 0);
        for (long ts : new long[] {NOW + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, NOW - Long.MAX_VALUE}) {
            RequestAuthenticator.Verdict v = a.verify(headers(signed(ts)));
            assertThat(v.ok()).as("timestamp %d", ts).isFalse();
            assertThat(v.code()).as("timestamp %d", ts).isEqualTo("419");
        }
    }

    @Test
    void windowIsConfigurable() {
        assertThat(authenticator(Duration.ofSeconds(10), 0).verify(headers(signed(NOW - 11))).ok()).isFalse();
        assertThat(authenticator(Duration.ofSeconds(20), 0).verify(headers(signed(NOW - 11))).ok()).isTrue();
    }

    @Test
    void refusesReplayWhenEnabled() {
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 100);
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
        RequestAuthenticator.Verdict again = a.verify(headers(signed(NOW)), claim("K-1"));
        assertThat(again.ok()).isFalse();
        assertThat(again.code()).isEqualTo("409");
        assertThat(again.message()).contains("replay");
        assertThat(a.verify(headers(signed(NOW + 1)), claim("K-1")).ok()).as("a fresh timestamp is a new request")
                .isTrue();
    }

    @Test
    void differentBodiesSignedInTheSameSecondAreAllAccepted() {
        // BPJS paying several claims at once signs them all in one second: same headers, other bodies.
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 100);
        Map<String, String> oneSecond = signed(NOW);
        assertThat(a.verify(headers(oneSecond), claim("K-1")).ok()).isTrue();
        assertThat(a.verify(headers(oneSecond), claim("K-2")).ok()).isTrue();
        assertThat(a.verify(headers(oneSecond), claim("K-3")).ok()).isTrue();
        // An empty body is a body like any other, and so is one differing in a single byte.
        assertThat(a.verify(headers(oneSecond), new byte[0]).ok()).isTrue();
        assertThat(a.verify(headers(oneSecond), claim("K-1 ")).ok()).isTrue();

        assertThat(a.verify(headers(oneSecond), claim("K-2")).code()).isEqualTo("409");
        assertThat(a.verify(headers(oneSecond), null).code()).as("no body is the empty body").isEqualTo("409");
    }

    @Test
    void replayChecksRefuseToRunWithoutTheBody() {
        // Without the body every request of one second would share a key: a silent return of the bug.
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 100);
        assertThatThrownBy(() -> a.verify(headers(signed(NOW)))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replayCheckOffAllowsSameSecondRequests() {
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 0);
        assertThat(a.verify(headers(signed(NOW))).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW))).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
    }

    @Test
    void replayEntriesExpireAfterTheWindow() {
        MutableClock moving = new MutableClock(Instant.ofEpochSecond(NOW));
        RequestAuthenticator a = new RequestAuthenticator(CONS, SECRET, USER_KEY, Duration.ofSeconds(60), moving, 100);
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
        moving.set(Instant.ofEpochSecond(NOW + 61));
        // Past the window the request is refused as stale, not as a replay: the cache may forget it.
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).code()).isEqualTo("419");
        assertThat(a.verify(headers(signed(NOW + 61)), claim("K-1")).ok()).isTrue();
    }

    @Test
    void replayCacheIsBounded() {
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 2);
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW)), claim("K-2")).ok()).isTrue();
        assertThat(a.verify(headers(signed(NOW)), claim("K-3")).ok()).isTrue();
        // The oldest was evicted to keep memory bounded; the two most recent are still refused.
        assertThat(a.verify(headers(signed(NOW)), claim("K-3")).code()).isEqualTo("409");
        assertThat(a.verify(headers(signed(NOW)), claim("K-2")).code()).isEqualTo("409");
        assertThat(a.verify(headers(signed(NOW)), claim("K-1")).ok()).isTrue();
    }

    @Test
    void concurrentReplaysAdmitExactlyOne() throws Exception {
        RequestAuthenticator a = authenticator(Duration.ofMinutes(5), 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(() -> a.verify(headers(signed(NOW)), claim("K-1")).ok());
            }
            long accepted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks, 10, TimeUnit.SECONDS)) {
                if (f.get()) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------ signature version 2 (issue 14)

    private RequestAuthenticator bodyBound(RequestAuthenticator.ReplayGuard guard) {
        return new RequestAuthenticator(CONS, SECRET, null, Duration.ofMinutes(5), clock, guard, true);
    }

    private static Map<String, String> signedBody(long ts, byte[] body) {
        return new HashMap<>(BpjsSignature.bodyHeaders(CONS, SECRET, null, ts, body));
    }

    @Test
    void theBodySignatureMatchesTheDocumentedTestVector() {
        // docs/bpjs-api.md, section 6: the vector a BPJS implementer checks against.
        byte[] body = "{\"claimId\":\"JKM-1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(BpjsSignature.bodyDigest(body)).isEqualTo("4s8o0-1wVfNTojSCsNkM2sXDWNL9h8XyXlwo0OQyz-g");
        assertThat(BpjsSignature.signBody("BPJSTK", 1_700_000_000L, "demo-callback-secret", body))
                .isEqualTo("UoCWZrk6E0F8iN5S+1DdMgwN/1DlQul7BD6AnTxmnO8=");
    }

    @Test
    void capturedHeadersDoNotCarryAnotherBody() {
        // Issue 14: one genuine callback's headers, replayed with a forged Rp 150,000,000 claim.
        RequestAuthenticator a = bodyBound(RequestAuthenticator.inMemory(100));
        byte[] genuine = claim("K-1");
        byte[] forged = ("{\"claimId\":\"FORGED\",\"amount\":150000000}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> captured = signedBody(NOW, genuine);

        RequestAuthenticator.Verdict v = a.verify(headers(captured), forged);
        assertThat(v.ok()).isFalse();
        assertThat(v.code()).isEqualTo("401");
        assertThat(a.verify(headers(captured), genuine).ok()).isTrue();
        assertThat(a.verify(headers(captured), genuine).code()).isEqualTo("409");
    }

    @Test
    void theOldSignatureIsNotAcceptedWhereTheBodyIsBound() {
        RequestAuthenticator a = bodyBound(null);
        Map<String, String> v1 = new HashMap<>(BpjsSignature.headers(CONS, SECRET, null, NOW));
        assertThat(a.verify(headers(v1), claim("K-1")).code()).isEqualTo("401");
        assertThat(a.verify(headers(signedBody(NOW, claim("K-1"))), claim("K-1")).ok()).isTrue();
    }

    @Test
    void aTimestampThatWouldOverflowIsStaleUnderTheBodySignatureToo() {
        RequestAuthenticator a = bodyBound(RequestAuthenticator.inMemory(100));
        for (long ts : new long[] {NOW + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, NOW - Long.MAX_VALUE}) {
            RequestAuthenticator.Verdict v = a.verify(headers(signedBody(ts, claim("K-1"))), claim("K-1"));
            assertThat(v.code()).as("timestamp %d", ts).isEqualTo("419");
        }
    }
}
