package id.jamsos.gateway.enrollment;

/**
 * The endpoint could not answer this time (I/O error, timeout, HTTP 5xx or 429): the same request
 * may succeed later, so the route retries it with backoff and parks it when retries run out.
 */
public class TransientDeliveryException extends RuntimeException {

    private final long retryAfterMillis;

    public TransientDeliveryException(String message, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.retryAfterMillis = retryAfterMillis;
    }

    public TransientDeliveryException(String message) {
        this(message, 0, null);
    }

    /** What the endpoint asked for with Retry-After, 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
