package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.ops.OpsLogContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows' outcomes to the ledger and tells the route whether this was the last open row
 * of its file, in which case exactly this exchange goes on to write the reports.
 */
public final class OutcomeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final Ledger ledger;

    public OutcomeRecorder(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Body: the outcomes from {@link BatchAnswers#outcomes}. {@code headers}: the message's, where
     * {@link Headers#REPORTS_DUE} is set when this was the file's last open row.
     */
    public void record(@ExchangeProperty(Headers.JOB) EnrollmentJob job, @Body List<RowOutcome> outcomes,
                       @ExchangeProperty(Headers.OTHER_PAYER_FOUND) List<id.jamsos.gateway.ledger.OtherPayerLedger.Found> otherPayers,
                       @ExchangeProperty(Headers.OTHER_PAYER_SINCE) Map<String, String> payerSince,
                       @org.apache.camel.Headers Map<String, Object> headers) {
        // With the rows that ended OTHER_PAYER, what finance is told of them, in the same transaction; and
        // the city's cover of the same person through another file's period ended OTHER_PAYER there too.
        ledger.recordOutcomes(outcomes, otherPayers == null ? List.of() : otherPayers,
                payerSince == null ? Map.of() : payerSince);
        logRows(outcomes);
        checkCompletion(headers, job.fileId());
    }

    /** Called by the error handler when retries ran out: the job's rows are parked with {@code cause} as the reason. */
    public void park(@ExchangeProperty(Headers.JOB) EnrollmentJob job,
                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                     @org.apache.camel.Headers Map<String, Object> headers) {
        List<RowOutcome> parked = parked(job, cause);
        ledger.recordOutcomes(parked);
        logRows(parked);
        String reason = cause == null ? "unknown" : NikMask.scrub(String.valueOf(cause.getMessage()));
        // One line per parked job, at INFO: parked rows wait for an operator, who must learn of them
        // without DEBUG on; rows by number only, and the reason scrubbed (BPJS's text may quote a NIK).
        LOG.info("{} row(s) of file #{} parked for an operator to replay (rows {}): {}", parked.size(), job.fileId(),
                rowNumbers(parked), reason);
        headers.put(Headers.PARK_REASON, reason);
        checkCompletion(headers, job.fileId());
    }

    /** Every row of the job parked for an operator, with the last error as the reason. */
    static List<RowOutcome> parked(EnrollmentJob job, Throwable cause) {
        String reason = cause == null ? "delivery failed" : cause.getMessage();
        List<RowOutcome> outcomes = new ArrayList<>(job.items().size());
        for (EnrollmentJob.Item item : job.items()) {
            outcomes.add(new RowOutcome(job.fileId(), item.rowNo(), RowState.PARKED, null, reason,
                    job.agencyId(), item.district()));
        }
        return outcomes;
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

    private void checkCompletion(Map<String, Object> headers, long fileId) {
        if (ledger.tryStartReporting(fileId)) {
            headers.put(Headers.REPORTS_DUE, fileId);
        }
    }
}
