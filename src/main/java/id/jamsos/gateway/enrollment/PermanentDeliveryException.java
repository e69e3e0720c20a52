package id.jamsos.gateway.enrollment;

/**
 * The endpoint refused the whole request in a way that retrying cannot fix (HTTP 4xx other than
 * 429, a malformed or unexpected answer). The rows are parked for an operator with this reason.
 */
public class PermanentDeliveryException extends RuntimeException {

    public PermanentDeliveryException(String message) {
        super(message);
    }
}
