package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.nik.NikMask;
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
        String reason = cause == null ? "unknown" : NikMask.scrub(String.valueOf(cause.getMessage()));
        // One line per parked job, at INFO: parked rows wait for an operator, who must learn of them
        // without DEBUG on; rows by number only, and the reason scrubbed (BPJS's text may quote a NIK).
        LOG.info("{} row(s) of file #{} parked for an operator to replay (rows {}): {}", parked.size(), job.fileId(),
                rowNumbers(parked), reason);
        exchange.getMessage().setHeader("JamsosParkReason", reason);
        checkCompletion(exchange, job.fileId());
    }

    private static String rowNumbers(List<RowOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return "none";
        }
        int first = outcomes.get(0).rowNo();
        int last = outcomes.get(outcomes.size() - 1).rowNo();
        return outcomes.size() == 1 ? String.valueOf(first) : first + ".." + last;
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
