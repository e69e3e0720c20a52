package id.jamsos.gateway.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the outbox's publisher looks for work: the linger after a wake-up, and no wait while a backlog lasts. */
class ClaimOutboxWaitTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final Duration LINGER = Duration.ofMillis(400);

    private HikariDataSource dataSource;
    private FinanceLedger finance;

    @BeforeEach
    void setUp() {
        dataSource = LedgerDataSource.create("jdbc:h2:mem:outbox-wait-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 2);
        LedgerMigrations.migrate(dataSource);
        finance = new FinanceLedger(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    /** The given interval also as the search interval, a lease that does not run out here. */
    private static ClaimOutbox.Timing timing(Duration interval, Duration linger) {
        return new ClaimOutbox.Timing(interval, linger, interval, Duration.ofMinutes(5));
    }

    private void record(String id) {
        finance.recordClaim(new ClaimRecord(id, "JKK", "K" + id, "3171000000000001", 7_500_000L, "AG1", NOW, "{}"),
                new ClaimMessage(id, "finance", null, "{\"claimId\":\"" + id + "\"}", Map.of()));
    }

    private static List<String> take(ClaimOutbox outbox) {
        return outbox.take(new HashMap<>()).stream().map(ClaimMessage::claimId).toList();
    }

    @Test
    void aClaimRecordedWhileThePublisherLingersAfterAWakeUpGoesInTheSameBatch() throws Exception {
        ClaimOutbox outbox = new ClaimOutbox(finance, 100, timing(Duration.ofSeconds(30), LINGER),
                Clock.fixed(NOW, ZoneOffset.UTC));
        record("C1");
        outbox.wake();
        long t0 = System.nanoTime();
        CompletableFuture<List<String>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                outbox.awaitWork();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return take(outbox);
        });
        record("C2"); // arrives just after the wake-up, as the next callback of a burst does
        outbox.wake();

        assertThat(batch.get(10, TimeUnit.SECONDS)).containsExactly("C1", "C2");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(LINGER);
    }

    @Test
    void aFullBatchMeansMoreAreWaitingSoTheNextLookDoesNotWaitAtAll() {
        // Interval and linger long enough that a wait of either would fail the timeout below.
        ClaimOutbox outbox = new ClaimOutbox(finance, 2, timing(Duration.ofSeconds(30), Duration.ofSeconds(30)), Clock.fixed(NOW, ZoneOffset.UTC));
        List.of("C1", "C2", "C3").forEach(this::record);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(take(outbox)).containsExactly("C1", "C2");
            outbox.awaitWork();
            assertThat(take(outbox)).containsExactly("C3");
        });
    }

    @Test
    void itsOwnClaimsAreTakenByIdAtOnceAndOthersAtTheNextSearch() {
        ClaimOutbox outbox = new ClaimOutbox(finance, 100, timing(Duration.ofSeconds(30), Duration.ZERO),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(take(outbox)).as("the search at start").isEmpty();

        record("MINE");
        outbox.wake("MINE");
        record("THEIRS"); // recorded by another gateway process: no wake-up here
        assertThat(take(outbox)).as("by id; the next search is 30 s away").containsExactly("MINE");
        assertThat(take(outbox)).isEmpty();

        // A failed attempt makes the next take search at once (its batch's ids left the queue).
        outbox.failed(new IllegalStateException("broker down"), List.of(), null);
        assertThat(take(outbox)).containsExactly("THEIRS");
    }
}
