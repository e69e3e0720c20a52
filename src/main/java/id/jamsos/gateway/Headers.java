package id.jamsos.gateway;

/**
 * Names of the message headers and exchange properties that carry the gateway's own state from one
 * route step to the next, in one place, so that a reader can find every step that writes or reads
 * one. Only the names of the enroller's route are here so far; the others are still literals beside
 * their beans (issue 15).
 */
public final class Headers {

    /** Exchange property: the {@code EnrollmentJob} being delivered, kept aside while the body changes. */
    public static final String JOB = "JamsosJob";

    /** Header: the id of the file whose reports are due now (set on exactly one exchange per file). */
    public static final String REPORTS_DUE = "JamsosReportsDue";

    /** Header: why a job's rows were parked, scrubbed of NIKs. */
    public static final String PARK_REASON = "JamsosParkReason";

    /**
     * Exchange property: what the enroller's call to BPJS failed with, as the error handler sorts it,
     * set by the circuit breaker's fallback and thrown after the breaker.
     */
    public static final String DELIVERY_FAILURE = "JamsosDeliveryFailure";

    /** Exchange property: the watermark the claims pull asks the listing for claims after (ISO-8601). */
    public static final String CLAIMS_SINCE = "JamsosClaimsSince";

    /** Exchange property: the month (yyyy-MM) whose contribution statement is being made, while its invoice is fetched. */
    public static final String STATEMENT_PERIOD = "JamsosStatementPeriod";

    /** HTTP response header of the BPJS endpoint: seconds to wait after a 429 or 503. */
    public static final String RETRY_AFTER = "Retry-After";

    private Headers() {
    }
}
