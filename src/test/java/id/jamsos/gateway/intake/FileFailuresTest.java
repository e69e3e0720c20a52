package id.jamsos.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.model.FileRejectedException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the intake's error handler fails a file for good, and when it leaves it in the inbox for the next poll. */
class FileFailuresTest {

    // The ledger is only used once a file is failed (record); these steps decide before that.
    private final FileFailures failures = new FileFailures(null, 3, Duration.ofSeconds(5), Clock.systemUTC());
    private final Exception brokerDown = new IllegalStateException("broker down");

    @Test
    void aFileRefusedAsAWholeIsFailedAtOnce() {
        FileRejectedException refused = new FileRejectedException("a.csv", "FILE_EMPTY", "kosong", "empty");
        assertThat(failures.permanent(refused, "AG1", "a.csv", "10")).isTrue();
    }

    @Test
    void anyOtherFailureLeavesTheFileForThePollsUntilItsAttemptsAreUsedUp() {
        assertThat(failures.permanent(brokerDown, "AG1", "a.csv", "10")).isFalse();
        failures.retryLater(brokerDown, "AG1", 7L, "a.csv", "10");
        assertThat(failures.permanent(brokerDown, "AG1", "a.csv", "10")).isFalse();
        failures.retryLater(brokerDown, "AG1", 7L, "a.csv", "10");
        assertThat(failures.permanent(brokerDown, "AG1", "a.csv", "10")).as("third failure of three").isTrue();
    }

    @Test
    void attemptsAreCountedPerAgencyAndPerVersionOfTheFile() {
        failures.retryLater(brokerDown, "AG1", null, "a.csv", "10");
        failures.retryLater(brokerDown, "AG1", null, "a.csv", "10");
        assertThat(failures.permanent(brokerDown, "AG1", "a.csv", "10")).isTrue();
        assertThat(failures.permanent(brokerDown, "AG2", "a.csv", "10")).as("another agency's file").isFalse();
        assertThat(failures.permanent(brokerDown, "AG1", "a.csv", "11")).as("the file uploaded again").isFalse();
    }
}
