package id.jamsos.gateway.enrollment;

/**
 * BPJS refused the gateway's credentials (HTTP 401 or 403, or a metaData code 401, 403 or 419): the
 * user_key, the consumer id or secret, or the host's clock is wrong. That says nothing about the rows
 * of the job, so it is never a reason to park or refuse them: like an endpoint outage it does not use
 * up the job's attempts, and the job waits on the broker until BPJS accepts the credentials again
 * ({@link CredentialsAlarm}).
 */
public final class CredentialsRefusedException extends TransientDeliveryException {

    private final int httpStatus;
    private final String code;
    private final String answer;

    private CredentialsRefusedException(String message, long retryAfterMillis, int httpStatus, String code, String answer) {
        super(message, retryAfterMillis, null, true);
        this.httpStatus = httpStatus;
        this.code = code;
        this.answer = answer;
    }

    /** What BPJS answered: HTTP status, metaData code ("?" when there was no envelope) and message. */
    public static CredentialsRefusedException answered(int httpStatus, String code, String message) {
        String answer = "HTTP " + httpStatus + ", metaData " + code + (message == null || message.isBlank() ? "" : " " + message);
        return new CredentialsRefusedException("BPJS refused the gateway's credentials: " + answer, 0, httpStatus, code,
                answer);
    }

    /** No call was made: BPJS refused the credentials before and the next check is not due yet. */
    public static CredentialsRefusedException held(String lastAnswer, long retryAfterMillis) {
        return new CredentialsRefusedException("held: BPJS refuses the gateway's credentials (" + lastAnswer
                + "); not sent until they are accepted again", retryAfterMillis, 0, null, lastAnswer);
    }

    /** True for an answer BPJS actually gave, false for a delivery held back without a call. */
    public boolean answered() {
        return code != null;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The envelope's metaData code, "?" when the answer had none; null when no call was made. */
    public String code() {
        return code;
    }

    /** "HTTP 401, metaData 403 Invalid user_key / user_key tidak valid". */
    public String answer() {
        return answer;
    }
}
