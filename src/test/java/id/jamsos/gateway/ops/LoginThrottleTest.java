package id.jamsos.gateway.ops;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle over an H2 ledger; the same on PostgreSQL and across replicas: ledger/OperatorAccessLedgerTest. */
class LoginThrottleTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
    final HikariDataSource ledger = LedgerDataSource.create(LedgerDataSource.h2MemUrl("throttle-" + UUID.randomUUID()),
            "sa", "", 2);
    LoginFailureLedger failures;

    @BeforeEach
    void migrate() {
        LedgerMigrations.migrate(ledger);
        failures = new LoginFailureLedger(ledger, Duration.ofMinutes(5), LedgerTime.of(clock));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aClientIsRefusedAfterTooManyFailuresUntilTheWindowEnds() {
        LoginThrottle t = new LoginThrottle(failures, 3, 100);
        t.failure("10.0.0.1");
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isFalse();
        t.failure("10.0.0.1");
        assertThat(t.blocked("10.0.0.1")).isTrue();
        assertThat(t.blocked("10.0.0.2")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.blocked("10.0.0.1")).isFalse();
        assertThat(t.windowSeconds()).isEqualTo(300);
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        LoginThrottle t = new LoginThrottle(failures, 2, 100);
        t.failure("a");
        t.success("a");
        t.failure("a");
        assertThat(t.blocked("a")).isFalse();
    }

    @Test
    void guessesSpreadOverManyAddressesMeetTheOverallLimit() {
        LoginThrottle t = new LoginThrottle(failures, 3, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(t.blocked("10.0.1." + i)).isFalse();
            t.failure("10.0.1." + i);
        }
        assertThat(t.blocked("10.0.2.1")).as("an address that never failed").isTrue();
        // A success from one address forgets that address's failures, not everyone's.
        t.success("10.0.1.1");
        assertThat(t.blocked("10.0.1.1")).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.blocked("10.0.2.1")).isFalse();
    }

    @Test
    void rowsOfEndedWindowsAreDeletedWhateverTheNumberOfClients() {
        LoginThrottle t = new LoginThrottle(failures, 2, 1_000_000);
        for (int i = 0; i < 500; i++) {
            t.failure("client-" + i);
        }
        assertThat(failures.remembered()).isEqualTo(501);
        clock.advance(Duration.ofMinutes(6));
        t.failure("late");
        assertThat(failures.remembered()).as("the late address and the overall count").isEqualTo(2);
    }
}
