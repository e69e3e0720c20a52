package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.Headers;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryAttemptsTest {

    private final CamelContext context = new DefaultCamelContext();

    @Test
    void aJobHeldThroughAnOutageIsNotParkedByItsFirstFailureOfAnotherKind() throws Exception {
        DeliveryAttempts attempts = new DeliveryAttempts(3, 0);
        // Eight deliveries held for refused credentials or an open circuit, none counted.
        for (int delivery = 1; delivery <= 8; delivery++) {
            Exchange held = job(delivery, new TransientDeliveryException("endpoint down").duringOutage());
            assertThat(attempts.attemptsUsedUp(held)).isFalse();
            attempts.backOff(held);
        }
        // Then the ledger fails three times for this job: parked on the third, not the first.
        Exchange first = job(9, new IllegalStateException("ledger down"));
        assertThat(attempts.parkAfterDeliveries(first)).as("first failure of its own").isFalse();
        attempts.backOff(first);
        Exchange second = job(10, new IllegalStateException("ledger down"));
        assertThat(attempts.parkAfterDeliveries(second)).isFalse();
        attempts.backOff(second);
        assertThat(attempts.parkAfterDeliveries(job(11, new IllegalStateException("ledger down")))).isTrue();
    }

    @Test
    void anUnreadableMessageIsNotParkedButDeadLetteredByTheBrokersCount() {
        DeliveryAttempts attempts = new DeliveryAttempts(3, 0);
        Exchange unreadable = job(3, new IllegalArgumentException("not a job"));
        unreadable.removeProperty(Headers.JOB);
        assertThat(attempts.parkAfterDeliveries(unreadable)).isFalse();
        assertThat(attempts.deadLetterAfterDeliveries(unreadable)).isTrue();
    }

    private Exchange job(int delivery, Exception failure) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setHeader("JMSMessageID", "ID:job-1");
        e.getMessage().setHeader(DeliveryAttempts.DELIVERY_COUNT, delivery);
        e.setProperty(Headers.JOB, "job");
        e.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return e;
    }
}
