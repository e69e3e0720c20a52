package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.NikMask;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ops.OpsLogContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows' outcomes to the ledger and tells the route whether this was the last open row
 * of its file, in which case exactly this exchange goes on to write the reports.
 */
public final class OutcomeRecorder {

    /** The job being delivered, kept aside because the body changes along the route. */
    public static final String JOB = "JamsosJob";
    /** Set to the file id when the reports of that file are due now. */
    public static final String REPORTS_DUE = "JamsosReportsDue";

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

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
        logRows(outcomes);
        checkCompletion(exchange, job.fileId());
    }

    /** Called by the error handler when retries ran out: the job's rows are parked. */
    public void park(Exchange exchange) {
        EnrollmentJob job = exchange.getProperty(JOB, EnrollmentJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<RowOutcome> parked = Enroller.parked(job, cause);
        ledger.recordOutcomes(parked);
        logRows(parked);
        exchange.getMessage().setHeader("JamsosParkReason", cause == null ? "unknown" : NikMask.scrub(String.valueOf(cause.getMessage())));
        checkCompletion(exchange, job.fileId());
    }

    /** One DEBUG line per row, carrying the row in the MDC; nothing per row at INFO. */
    private static void logRows(List<RowOutcome> outcomes) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        for (RowOutcome o : outcomes) {
            OpsLogContext.row(o.rowNo());
            try {
                // The reason is BPJS's or an exception's text: scrubbed, it could quote a NIK.
                LOG.debug("row {}: {}{}{}", o.rowNo(), o.state(), o.kpj() == null ? "" : " kpj=" + o.kpj(),
                        o.reason() == null ? "" : " reason: " + NikMask.scrub(o.reason()));
            } finally {
                OpsLogContext.clearRow();
            }
        }
    }

    private void checkCompletion(Exchange exchange, long fileId) {
        if (ledger.tryStartReporting(fileId)) {
            exchange.getMessage().setHeader(REPORTS_DUE, fileId);
        }
    }
}
