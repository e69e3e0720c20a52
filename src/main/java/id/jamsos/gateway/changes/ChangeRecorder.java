package id.jamsos.gateway.changes;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.ChangeOutcome;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.ops.OpsLogContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a change job's outcomes to the ledger in one transaction ({@link ChangeLedger#apply}) and,
 * like {@code enrollment.OutcomeRecorder}, tells the route whether this decided the file's last open
 * row: then exactly this exchange goes on to write the file's reports ({@link Headers#REPORTS_DUE}).
 */
public final class ChangeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeRecorder.class);

    private final ChangeLedger changes;
    private final Ledger ledger;

    public ChangeRecorder(ChangeLedger changes, Ledger ledger) {
        this.changes = changes;
        this.ledger = ledger;
    }

    /** Every row of the job answered: applied, refused, in one transaction. */
    public void record(@ExchangeProperty(Headers.JOB) ChangeJob job,
                       @ExchangeProperty(Headers.CHANGE_OUTCOMES) List<ChangeOutcome> outcomes,
                       @org.apache.camel.Headers Map<String, Object> headers) {
        logRows(changes.apply(List.copyOf(outcomes)));
        checkCompletion(headers, job.fileId());
    }

    /**
     * Called by the error handler when the job cannot be delivered (refused for good, or retries ran
     * out): the rows BPJS already answered are applied as answered (BPJS has made those changes), the
     * others are parked with {@code cause} as the reason, for an operator to replay.
     */
    public void park(@ExchangeProperty(Headers.JOB) ChangeJob job,
                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                     @ExchangeProperty(Headers.CHANGE_OUTCOMES) List<ChangeOutcome> answered,
                     @org.apache.camel.Headers Map<String, Object> headers) {
        String reason = cause == null ? "delivery failed" : String.valueOf(cause.getMessage());
        List<ChangeOutcome> outcomes = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        if (answered != null) {
            synchronized (answered) {
                for (ChangeOutcome o : answered) {
                    outcomes.add(o);
                    done.add(o.rowNo());
                }
            }
        }
        int parked = 0;
        for (ChangeItem item : job.items()) {
            if (!done.contains(item.rowNo())) {
                outcomes.add(ChangeOutcome.parked(job.fileId(), item.rowNo(), job.agencyId(), item.action(), item.kpj(),
                        reason, item.idempotencyKey()));
                parked++;
            }
        }
        logRows(changes.apply(outcomes));
        String scrubbed = NikMask.scrub(reason);
        // At INFO: parked rows wait for an operator, who must learn of them without DEBUG on. Row numbers
        // only, and the reason scrubbed (BPJS's text may quote a NIK).
        LOG.info("{} change row(s) of file #{} parked for an operator to replay ({} answered before): {}", parked,
                job.fileId(), outcomes.size() - parked, scrubbed);
        headers.put(Headers.PARK_REASON, scrubbed);
        checkCompletion(headers, job.fileId());
    }

    /** One DEBUG line per row, carrying the row in the MDC; nothing per row at INFO. */
    private static void logRows(List<ChangeLedger.Decided> decided) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        for (ChangeLedger.Decided d : decided) {
            OpsLogContext.row(d.rowNo());
            try {
                LOG.debug("change row {} ({}): {}{}", d.rowNo(), d.action(),
                        d.state() == null ? "decided before, unchanged" : d.state(),
                        d.note() == null || d.state() == RowState.APPLIED ? "" : ": " + NikMask.scrub(d.note()));
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
