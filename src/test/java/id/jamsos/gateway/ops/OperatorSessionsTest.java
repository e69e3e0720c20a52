package id.jamsos.gateway.ops;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.OperatorSessionLedger;
import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions over an H2 ledger; the same on PostgreSQL and across replicas: ledger/OperatorAccessLedgerTest. */
class OperatorSessionsTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
    final HikariDataSource ledger = LedgerDataSource.create(LedgerDataSource.h2MemUrl("sessions-" + UUID.randomUUID()),
            "sa", "", 2);
    final OperatorSessions sessions = replica();

    OperatorSessions replica() {
        LedgerMigrations.migrate(ledger);
        return new OperatorSessions(new OperatorSessionLedger(ledger, Duration.ofMinutes(30), Duration.ofHours(8), 100,
                LedgerTime.of(clock)));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void eachSessionHasItsOwnAntiForgeryTokenUnlikeItsId() {
        OperatorSessions.Session a = sessions.open();
        OperatorSessions.Session b = sessions.open();
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfMatches(a.csrfToken())).isTrue();
        assertThat(a.csrfMatches(b.csrfToken())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken());
    }

    @Test
    void anotherReplicaKnowsTheSessionAndItsAntiForgeryToken() {
        OperatorSessions.Session a = sessions.open();
        assertThat(replica().find(a.id())).contains(a);
        assertThat(a.csrfToken()).isNotEqualTo(OperatorSessionLedger.key(a.id()));
    }

    @Test
    void aClosedSessionIsGoneForWhoeverHoldsItsId() {
        OperatorSessions.Session a = sessions.open();
        OperatorSessions.Session b = sessions.open();
        sessions.close(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).contains(b);
        sessions.close(null);
    }

    @Test
    void aSessionEndsWithItsLifetimeHoweverOftenItIsUsed() {
        OperatorSessions.Session a = sessions.open();
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(30).minusMillis(1));
            assertThat(sessions.valid(a.id())).as("used after " + (i + 1) + " half hours").isTrue();
        }
        clock.set(Instant.ofEpochMilli(1_000_000).plus(Duration.ofHours(8)));
        assertThat(sessions.valid(a.id())).isFalse();
    }

    @Test
    void aSessionUnusedForItsIdleTimeEnds() {
        OperatorSessions.Session a = sessions.open();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.valid(a.id())).isTrue();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.valid(a.id())).isFalse();
    }

    @Test
    void valuesThatCannotBeSessionIdsAreNoSessions() {
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("forgotten-1")).isEmpty();
        assertThat(sessions.find("A".repeat(43))).isEmpty();
    }
}
