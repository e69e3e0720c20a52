package id.jamsos.gateway.claims;

/** A claim callback the gateway refuses; the caller gets this HTTP status and envelope code. */
public class CallbackRefusedException extends RuntimeException {

    private final int httpStatus;
    private final String code;

    public CallbackRefusedException(int httpStatus, String code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
