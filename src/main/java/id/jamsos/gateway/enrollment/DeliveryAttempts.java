package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.support.FailureCounts;
import java.time.LocalTime;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.language.simple.Simple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for the enroller's error handler, whether a failed job gets another delivery from the
 * broker or is parked for an operator, and how long to hold it before rolling it back.
 * The enrollment queue is consumed in a JMS transaction, so a job whose delivery failed is rolled
 * back and redelivered by the broker (with its own exponential backoff): a crash in between loses
 * nothing, because the message is only acknowledged after the ledger has the outcome.
 *
 * <p>Attempts are counted per message here, not by the broker's delivery count, because failures
 * during an outage of the whole endpoint (circuit breaker not closed) must not count: an outage
 * should delay rows, not park them. The counts live in memory: after a restart a job starts
 * counting afresh, which only ever gives it more attempts.
 */
public final class DeliveryAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempts.class);
    /** JMS headers the broker sets on a delivered message. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    static final String MESSAGE_ID = "JMSMessageID";
    private static final int REMEMBERED_JOBS = 10_000;

    private final int maxAttempts;
    private final long maxWaitMillis;
    private final long redeliveryDelayMillis;
    private final long maxRedeliveryDelayMillis;
    private final FailureCounts failures = new FailureCounts(REMEMBERED_JOBS);

    /**
     * @param maxAttempts   failed deliveries of a job (outside outages) before it is parked
     * @param maxWaitMillis cap on how long a Retry-After or an open circuit holds a consumer
     */
    public DeliveryAttempts(int maxAttempts, long maxWaitMillis) {
        this(maxAttempts, maxWaitMillis, 0, 0);
    }

    /**
     * With the broker's redelivery policy (first delay, doubling up to the maximum; see
     * Gateway.connectionFactory), so that a retry line says when the job really comes back.
     */
    public DeliveryAttempts(int maxAttempts, long maxWaitMillis, long redeliveryDelayMillis,
                            long maxRedeliveryDelayMillis) {
        this.maxAttempts = maxAttempts;
        this.maxWaitMillis = maxWaitMillis;
        this.redeliveryDelayMillis = redeliveryDelayMillis;
        this.maxRedeliveryDelayMillis = maxRedeliveryDelayMillis;
    }

    /**
     * The broker's wait before delivering a job again after its {@code deliveries}-th delivery
     * failed: the first delay, doubled for each delivery before, capped. The broker adds up to
     * 15 % either way (collision avoidance), so a log line says "about".
     */
    long redeliveryDelayAfter(int deliveries) {
        long delay = redeliveryDelayMillis;
        for (int i = 1; i < deliveries && delay < maxRedeliveryDelayMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, Math.max(maxRedeliveryDelayMillis, redeliveryDelayMillis));
    }

    /** For a transient failure: true when this failure is the job's last allowed one. No side effects. */
    public boolean attemptsUsedUp(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                                  @Header(MESSAGE_ID) String messageId, @Simple("${exchangeId}") String exchangeId) {
        if (cause instanceof TransientDeliveryException t && t.isOutage()) {
            return false;
        }
        return failures.get(jobKey(messageId, exchangeId)) + 1 >= maxAttempts;
    }

    /**
     * For any other failure of a job that could be read (the ledger down, an answer the ledger
     * refuses): after its attempts its rows are parked, so that they end in a final state. Counted
     * like the transient failures ({@link #backOff} counts each), not by the broker's delivery count:
     * a job held through an outage or refused credentials has been delivered many times without
     * failing for itself, and one failure of another kind afterwards must not park it at once.
     * {@code job} is only asked whether it is there (the message could be read as a job).
     */
    public boolean parkAfterDeliveries(@ExchangeProperty(Headers.JOB) Object job, @Header(MESSAGE_ID) String messageId,
                                       @Simple("${exchangeId}") String exchangeId) {
        return job != null && failures.get(jobKey(messageId, exchangeId)) + 1 >= maxAttempts;
    }

    /** For a message that cannot even be read as a job: after its deliveries, the dead-letter queue. */
    public boolean deadLetterAfterDeliveries(@ExchangeProperty(Headers.JOB) Object job,
                                             @Header(DELIVERY_COUNT) Integer deliveries) {
        return job == null && deliveryCount(deliveries) >= maxAttempts;
    }

    /** The failure's text for a header or a log line, with any NIK in it masked. */
    public String reason(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        return cause == null ? "unknown" : NikMask.scrub(String.valueOf(cause.getMessage()));
    }

    /** Before the rollback: count the failure, and honour the endpoint's Retry-After (or the breaker's open time), capped. */
    public void backOff(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                        @Header(MESSAGE_ID) String messageId, @Simple("${exchangeId}") String exchangeId,
                        @Header(DELIVERY_COUNT) Integer deliveries, @Header(Headers.FILE_ID) String fileId)
            throws InterruptedException {
        long wait = 0;
        boolean outage = false;
        if (cause instanceof TransientDeliveryException t) {
            wait = Math.min(Math.max(0, t.retryAfterMillis()), maxWaitMillis);
            outage = t.isOutage();
        }
        String key = jobKey(messageId, exchangeId);
        int counted = outage ? failures.get(key) : failures.increment(key);
        long redelivery = redeliveryDelayAfter(deliveryCount(deliveries));
        // The real delay: what this consumer holds the job (Retry-After, an open circuit), then the
        // broker's own backoff before it hands the job out again.
        String when = (wait > 0 ? "held " + seconds(wait) + " for the endpoint, then " : "")
                + (redelivery > 0 ? "redelivered by the broker in about " + seconds(redelivery) : "redelivered by the broker");
        LOG.warn("enrollment job of file {} not delivered ({}, {} of {} attempts used): {}; {} (retry at about {})",
                fileId == null ? "?" : fileId, outage ? "endpoint down" : "failed",
                counted, maxAttempts, cause == null ? "unknown" : NikMask.scrub(String.valueOf(cause.getMessage())), when,
                LocalTime.now().plusNanos((wait + redelivery) * 1_000_000).withNano(0));
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The broker's count of this delivery; 1 when the message came another way (a route test). */
    static int deliveryCount(Integer deliveries) {
        return deliveries == null ? 1 : deliveries;
    }

    /** The broker's message id; a message that came another way (a route test) is counted per exchange. */
    private static String jobKey(String messageId, String exchangeId) {
        return messageId != null ? messageId : exchangeId;
    }
}
