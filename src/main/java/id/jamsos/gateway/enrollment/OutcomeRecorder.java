package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowOutcome;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Writes the rows' outcomes to the ledger and tells the route whether this was the last open row
 * of its file, in which case exactly this exchange goes on to write the reports.
 */
public final class OutcomeRecorder {

    /** The job being delivered, kept aside because the body changes along the route. */
    public static final String JOB = "JamsosJob";
    /** Set to the file id when the reports of that file are due now. */
    public static final String REPORTS_DUE = "JamsosReportsDue";

    private final Ledger ledger;

    public OutcomeRecorder(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Body: the outcomes from {@link Enroller#enroll}. */
    public void record(Exchange exchange) {
        EnrollmentJob job = exchange.getProperty(JOB, EnrollmentJob.class);
        @SuppressWarnings("unchecked")
        List<RowOutcome> outcomes = exchange.getMessage().getBody(List.class);
        ledger.recordOutcomes(outcomes);
        checkCompletion(exchange, job.fileId());
    }

    /** Called by the error handler when retries ran out: the job's rows are parked. */
    public void park(Exchange exchange) {
        EnrollmentJob job = exchange.getProperty(JOB, EnrollmentJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ledger.recordOutcomes(Enroller.parked(job, cause));
        exchange.getMessage().setHeader("JamsosParkReason", cause == null ? "unknown" : cause.getMessage());
        checkCompletion(exchange, job.fileId());
    }

    private void checkCompletion(Exchange exchange, long fileId) {
        if (ledger.tryStartReporting(fileId)) {
            exchange.getMessage().setHeader(REPORTS_DUE, fileId);
        }
    }
}
