package id.jamsos.gateway.ledger;

import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the callback's replay guard is the ledger's, so a request accepted by one replica is
 * refused by every other: two authenticators (two gateway processes) over one database.
 */
abstract class CallbackReplayLedgerTest {

    static final long NOW = 1_700_000_000L;

    abstract TestDatabase fresh();

    TestDatabase open() {
        TestDatabase d = fresh();
        LedgerMigrations.migrate(d.dataSource());
        return d;
    }

    TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    RequestAuthenticator replica(MutableClock clock) {
        return new RequestAuthenticator("BPJSTK", "cb-secret", null, Duration.ofSeconds(300), clock,
                new CallbackReplayLedger(db.dataSource())::firstSighting, true);
    }

    static Function<String, String> signed(long ts, byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(BpjsSignature.bodyHeaders("BPJSTK", "cb-secret", null, ts, body));
        return h::get;
    }

    static byte[] claim(String id) {
        return ("{\"claimId\":\"" + id + "\",\"amount\":42000000}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCallbackAcceptedByOneReplicaIsRefusedByTheOther() {
        db = open();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
        RequestAuthenticator first = replica(clock);
        RequestAuthenticator second = replica(clock);

        assertThat(first.verify(signed(NOW, claim("K-1")), claim("K-1")).ok()).isTrue();
        assertThat(second.verify(signed(NOW, claim("K-1")), claim("K-1")).code()).isEqualTo("409");
        assertThat(first.verify(signed(NOW, claim("K-1")), claim("K-1")).code()).isEqualTo("409");
        // Another claim signed in the same second is another request.
        assertThat(second.verify(signed(NOW, claim("K-2")), claim("K-2")).ok()).isTrue();
    }

    @Test
    void manyConcurrentCopiesOnTwoReplicasAreAcceptedOnce() throws Exception {
        db = open();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
        List<RequestAuthenticator> replicas = List.of(replica(clock), replica(clock));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RequestAuthenticator r = replicas.get(i % 2);
                tasks.add(() -> r.verify(signed(NOW, claim("K-9")), claim("K-9")).ok());
            }
            int accepted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                accepted += f.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredKeysAreCleanedAndDoNotRefuseANewRequest() {
        db = open();
        CallbackReplayLedger guard = new CallbackReplayLedger(db.dataSource());
        assertThat(guard.firstSighting("a", NOW + 300, NOW)).isTrue();
        assertThat(guard.firstSighting("b", NOW + 10, NOW)).isTrue();
        assertThat(guard.firstSighting("a", NOW + 300, NOW + 5)).isFalse();
        // Past b's time: a stored key that is over no longer refuses, and is replaced.
        assertThat(guard.firstSighting("b", NOW + 400, NOW + 20)).isTrue();
        assertThat(guard.firstSighting("b", NOW + 400, NOW + 21)).isFalse();
        // A minute later the next call deletes every expired key.
        assertThat(guard.clean(NOW + 1_000)).isEqualTo(2);
        assertThat(guard.size()).isZero();
    }
}
