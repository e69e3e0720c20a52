package id.jamsos.gateway.enrollment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryAttemptsTest {

    private static final String MESSAGE_ID = "ID:job-1";
    private static final Object JOB = "job";

    @Test
    void aJobHeldThroughAnOutageIsNotParkedByItsFirstFailureOfAnotherKind() throws Exception {
        DeliveryAttempts attempts = new DeliveryAttempts(3, 0);
        // Eight deliveries held for refused credentials or an open circuit, none counted.
        for (int delivery = 1; delivery <= 8; delivery++) {
            Exception held = new TransientDeliveryException("endpoint down").duringOutage();
            assertThat(attempts.attemptsUsedUp(held, MESSAGE_ID, "exchange-" + delivery)).isFalse();
            attempts.backOff(held, MESSAGE_ID, "exchange-" + delivery, delivery, "7");
        }
        // Then the ledger fails three times for this job: parked on the third, not the first.
        Exception ledgerDown = new IllegalStateException("ledger down");
        assertThat(attempts.parkAfterDeliveries(JOB, MESSAGE_ID, "exchange-9")).as("first failure of its own")
                .isFalse();
        attempts.backOff(ledgerDown, MESSAGE_ID, "exchange-9", 9, "7");
        assertThat(attempts.parkAfterDeliveries(JOB, MESSAGE_ID, "exchange-10")).isFalse();
        attempts.backOff(ledgerDown, MESSAGE_ID, "exchange-10", 10, "7");
        assertThat(attempts.parkAfterDeliveries(JOB, MESSAGE_ID, "exchange-11")).isTrue();
    }

    @Test
    void transientFailuresUseUpAttemptsOutsideAnOutage() throws Exception {
        DeliveryAttempts attempts = new DeliveryAttempts(2, 0);
        Exception timeout = new TransientDeliveryException("timeout");
        assertThat(attempts.attemptsUsedUp(timeout, MESSAGE_ID, "exchange-1")).isFalse();
        attempts.backOff(timeout, MESSAGE_ID, "exchange-1", 1, "7");
        assertThat(attempts.attemptsUsedUp(timeout, MESSAGE_ID, "exchange-2")).isTrue();
        // Another job is counted on its own.
        assertThat(attempts.attemptsUsedUp(timeout, "ID:job-2", "exchange-3")).isFalse();
    }

    @Test
    void anUnreadableMessageIsNotParkedButDeadLetteredByTheBrokersCount() {
        DeliveryAttempts attempts = new DeliveryAttempts(3, 0);
        assertThat(attempts.parkAfterDeliveries(null, MESSAGE_ID, "exchange-1")).isFalse();
        assertThat(attempts.deadLetterAfterDeliveries(null, 2)).isFalse();
        assertThat(attempts.deadLetterAfterDeliveries(null, 3)).isTrue();
        assertThat(attempts.deadLetterAfterDeliveries(JOB, 3)).as("a job is parked, never dead-lettered").isFalse();
    }

    @Test
    void theReasonIsScrubbedOfNiks() {
        DeliveryAttempts attempts = new DeliveryAttempts(3, 0);
        assertThat(attempts.reason(new IllegalArgumentException("bad job for 3171234567890123")))
                .doesNotContain("3171234567890123");
        assertThat(attempts.reason(null)).isEqualTo("unknown");
    }
}
