package id.jamsos.gateway.ops;

import java.util.Map;

/** An operator request refused with an HTTP status; the message is safe to show (no secret, no NIK). */
public final class OpsHttpException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public OpsHttpException(int status, String message) {
        this(status, message, Map.of());
    }

    public OpsHttpException(int status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
