package id.jamsos.gateway.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the outbox does with a batch when something fails: before the broker has it, and after. */
class ClaimOutboxFailureTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private HikariDataSource dataSource;
    private FinanceLedger finance;
    private ClaimOutbox outbox;

    @BeforeEach
    void setUp() {
        dataSource = LedgerDataSource.create("jdbc:h2:mem:outbox-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 2);
        LedgerMigrations.migrate(dataSource);
        finance = new FinanceLedger(dataSource);
        outbox = new ClaimOutbox(finance, 10,
                new ClaimOutbox.Timing(Duration.ofMillis(10), Duration.ZERO, Duration.ofMillis(10), Duration.ofMinutes(5)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        for (String id : List.of("C1", "C2")) {
            finance.recordClaim(new ClaimRecord(id, "JKK", "K" + id, "3171000000000001", 7_500_000L, "AG1", NOW,
                    "{}"), new ClaimMessage(id, "finance", null, "{\"claimId\":\"" + id + "\"}", Map.of()));
        }
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    private static final IllegalStateException DOWN = new IllegalStateException("down");

    /** The batch take leased, as the route's exchange keeps it for failed. */
    @SuppressWarnings("unchecked")
    private List<ClaimMessage> takenBatch() {
        Map<String, Object> properties = new HashMap<>();
        assertThat(outbox.take(properties)).hasSize(2);
        return (List<ClaimMessage>) properties.get(Headers.CLAIM_BATCH);
    }

    @Test
    void aBatchTheBrokerDidNotTakeIsGivenBackToBeSentAgainAtOnce() {
        List<ClaimMessage> batch = takenBatch();

        outbox.failed(DOWN, batch, null);

        assertThat(finance.unpublishedClaimCount()).isEqualTo(2);
        assertThat(finance.leaseUnpublished(10, NOW, NOW.plusSeconds(60))).hasSize(2);
    }

    @Test
    void aBatchTheBrokerTookIsMarkedPublishedNotGivenBack() {
        List<ClaimMessage> batch = takenBatch();

        // The broker committed it, then marking it in the ledger failed.
        outbox.failed(DOWN, batch, true);

        assertThat(finance.unpublishedClaimCount()).isZero();
        assertThat(finance.leaseUnpublished(10, NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void aMessageThatCannotBeReadDoesNotHoldUpTheOthers() {
        // Recorded under a key this gateway no longer has (removed from jamsos.pii.oldKeys too soon).
        PersonalDataCipher gone = new PersonalDataCipher(
                "another-hmac-key-of-at-least-32-bytes".getBytes(StandardCharsets.US_ASCII), "gone",
                Map.of("gone", "another-aes-key-exactly-32-bytes".getBytes(StandardCharsets.US_ASCII)));
        new FinanceLedger(dataSource, gone).recordClaim(new ClaimRecord("C0", "JKK", "KC0", "3171000000000001",
                7_500_000L, "AG1", NOW.minusSeconds(60), "{}"), new ClaimMessage("C0", "finance", null, "{}", Map.of()));

        List<ClaimMessage> batch = finance.leaseUnpublished(10, NOW, NOW.plusSeconds(60));

        assertThat(batch).extracting(ClaimMessage::claimId).containsExactly("C1", "C2");
        assertThat(finance.unpublishedClaimCount()).isEqualTo(3);
    }
}
