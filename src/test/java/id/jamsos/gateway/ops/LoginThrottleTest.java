package id.jamsos.gateway.ops;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ops.LoginThrottle.Verdict;
import id.jamsos.gateway.support.CountingDataSource;
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
    final CountingDataSource counted = new CountingDataSource(ledger);
    LoginFailureLedger failures;

    @BeforeEach
    void migrate() {
        LedgerMigrations.migrate(ledger);
        failures = new LoginFailureLedger(counted, Duration.ofMinutes(5), LedgerTime.of(clock));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aClientIsRefusedAfterTooManyFailuresUntilTheWindowEnds() {
        LoginThrottle t = new LoginThrottle(failures, 3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(t.attempt("10.0.0.1", false)).as("failure " + (i + 1)).isEqualTo(Verdict.WRONG);
        }
        assertThat(t.attempt("10.0.0.1", false)).isEqualTo(Verdict.THROTTLED);
        assertThat(t.attempt("10.0.0.1", true)).as("the right secret is a guess like any other while locked")
                .isEqualTo(Verdict.THROTTLED);
        assertThat(t.attempt("10.0.0.2", true)).isEqualTo(Verdict.ADMITTED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.attempt("10.0.0.1", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(t.windowSeconds()).isEqualTo(300);
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        LoginThrottle t = new LoginThrottle(failures, 2, 100);
        t.attempt("a", false);
        assertThat(t.attempt("a", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(t.attempt("a", false)).isEqualTo(Verdict.WRONG);
        assertThat(failures.failures("a").fromClient()).isEqualTo(1);
    }

    @Test
    void guessesSpreadOverManyAddressesMeetTheOverallLimit() {
        LoginThrottle t = new LoginThrottle(failures, 3, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(t.attempt("10.0.1." + i, false)).isEqualTo(Verdict.WRONG);
        }
        assertThat(t.attempt("10.0.2.1", false)).as("a wrong guess from an address that never failed").isEqualTo(Verdict.THROTTLED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(t.attempt("10.0.2.1", false)).isEqualTo(Verdict.WRONG);
    }

    /**
     * The limits count failures: an API client with the right secret is not refused for what other
     * addresses failed, only when its own address is locked. (Before, a full overall count refused
     * every address, right secret or not.)
     */
    @Test
    void othersFailuresNeverRefuseTheRightSecretFromAnAddressThatIsNotLockedItself() {
        LoginThrottle t = new LoginThrottle(failures, 3, 10);
        for (int i = 0; i < 10; i++) {
            t.attempt("10.0.1." + i, false);
        }
        assertThat(failures.failures("10.0.9.9").overall()).isEqualTo(10);
        assertThat(t.attempt("10.0.9.9", true)).as("an API client elsewhere").isEqualTo(Verdict.ADMITTED);
        assertThat(t.attempt("10.0.1.1", true)).as("one of the addresses that failed once").isEqualTo(Verdict.ADMITTED);
        for (int i = 0; i < 3; i++) {
            t.attempt("10.0.3.3", false);
        }
        assertThat(t.attempt("10.0.3.3", true)).as("its own address locked").isEqualTo(Verdict.THROTTLED);
    }

    /**
     * An API client sends its secret with every request: that costs one read, on the database's clock
     * in the statement itself (no query for the time), and no write unless its address has failures to
     * forget. (Before: the time, the counts and a DELETE on every request.)
     */
    @Test
    void theRightSecretCostsOneReadAndAWriteOnlyWhenThereAreFailuresToForget() {
        LoginThrottle t = new LoginThrottle(failures, 3, 100);
        counted.takeCount();
        assertThat(t.attempt("10.0.0.7", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(counted.takeCount()).as("statements for a right secret, no failures").isEqualTo(1);
        assertThat(t.attempt("10.0.0.7", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(counted.takeCount()).isEqualTo(1);

        t.attempt("10.0.0.7", false);
        counted.takeCount();
        assertThat(t.attempt("10.0.0.7", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(counted.takeCount()).as("the read and the DELETE of its failure").isEqualTo(2);
        assertThat(failures.failures("10.0.0.7").fromClient()).isZero();
        assertThat(failures.failures("10.0.0.7").overall()).as("the overall count is kept").isEqualTo(1);
    }

    @Test
    void rowsOfEndedWindowsAreDeletedWhateverTheNumberOfClients() {
        LoginThrottle t = new LoginThrottle(failures, 2, 1_000_000);
        for (int i = 0; i < 500; i++) {
            t.attempt("client-" + i, false);
        }
        assertThat(failures.remembered()).isEqualTo(501);
        clock.advance(Duration.ofMinutes(6));
        t.attempt("late", false);
        assertThat(failures.remembered()).as("the late address and the overall count").isEqualTo(2);
    }
}
