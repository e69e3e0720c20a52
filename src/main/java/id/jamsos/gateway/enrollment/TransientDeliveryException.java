package id.jamsos.gateway.enrollment;

/**
 * The endpoint could not answer this time (I/O error, timeout, HTTP 5xx or 429): the same request
 * may succeed later, so the route retries it with backoff and parks it when retries run out.
 */
public class TransientDeliveryException extends RuntimeException {

    private final long retryAfterMillis;
    private final boolean outage;

    public TransientDeliveryException(String message, long retryAfterMillis, Throwable cause) {
        this(message, retryAfterMillis, cause, false);
    }

    /** For failures that are about the endpoint as a whole, never about one job ({@code outage} true). */
    protected TransientDeliveryException(String message, long retryAfterMillis, Throwable cause, boolean outage) {
        super(message, cause);
        this.retryAfterMillis = retryAfterMillis;
        this.outage = outage;
    }

    /** No call was made: the circuit breaker holds calls back while the endpoint is considered down. */
    public static TransientDeliveryException circuitOpen(long retryAfterMillis) {
        return new TransientDeliveryException("circuit open: the endpoint failed repeatedly and is given time to recover",
                retryAfterMillis, null, true);
    }

    /** The same failure, marked as happening while the circuit breaker considers the endpoint down. */
    public TransientDeliveryException duringOutage() {
        return outage ? this : new TransientDeliveryException(getMessage(), retryAfterMillis, getCause(), true);
    }

    /**
     * True when the endpoint as a whole is down (the breaker is not closed): such failures say
     * nothing about this job, so they do not count against its attempts.
     */
    public boolean isOutage() {
        return outage;
    }

    public TransientDeliveryException(String message) {
        this(message, 0, null);
    }

    /** What the endpoint asked for with Retry-After, 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
