package id.jamsos.gateway.verification;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.registry.RegistryPurpose;
import id.jamsos.gateway.registry.RegistryRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification stage's steps around the registry call (routes/verification.camel.yaml): whether a job
 * is checked at all, which of its rows are asked, what the registry is asked for each, and the ledger write
 * of the decisions, which leaves the job with only the rows that go on to BPJS.
 */
public final class JobVerification {

    private static final Logger LOG = LoggerFactory.getLogger(JobVerification.class);

    private final boolean enabled;
    private final Predicate<String> agencyVerifies;
    private final ReviewLedger reviews;
    private final Ledger ledger;
    private final RegistryAlarm alarm;
    private final AuditTrail audit;

    /**
     * @param enabled        jamsos.verification.enabled, the gateway-wide switch
     * @param agencyVerifies the agency's registry_verify (agencies.yaml, read at each job: a reload applies)
     */
    public JobVerification(boolean enabled, Predicate<String> agencyVerifies, ReviewLedger reviews, Ledger ledger,
                           RegistryAlarm alarm, AuditTrail audit) {
        this.enabled = enabled;
        this.agencyVerifies = agencyVerifies;
        this.reviews = reviews;
        this.ledger = ledger;
        this.alarm = alarm;
        this.audit = audit;
    }

    /** Whether rows of this agency are checked with the registry (both switches on). */
    public boolean verifies(String agencyId) {
        return enabled && agencyVerifies.test(agencyId);
    }

    /**
     * Whether the job goes through the stage: rows of an agency that verifies, not released by a person from
     * review. A job with a row whose birth date only the registry can confirm goes through in any case (the
     * switch was turned off after its intake): sending it unconfirmed would enroll what validation refuses.
     */
    public boolean applies(@Body EnrollmentJob job) {
        if (job.reviewed()) {
            return false;
        }
        return verifies(job.agencyId()) || job.items().stream().anyMatch(i -> i.registryMayLift() != null);
    }

    /**
     * A job the stage does not apply to (now): without the rows the stage held or refused at an earlier
     * delivery, before the agency's registry_verify was switched off. A job released from review, or never
     * verified, has none and goes on whole. When none is left and this was the file's last open row,
     * {@code headers} get {@link Headers#REPORTS_DUE}.
     */
    public EnrollmentJob withoutDecided(@Body EnrollmentJob job, @org.apache.camel.Headers Map<String, Object> headers) {
        if (job.reviewed()) {
            return job;
        }
        Set<Integer> decided = reviews.heldOrRefusedAmong(job.fileId(),
                job.items().stream().map(EnrollmentJob.Item::rowNo).toList());
        if (decided.isEmpty()) {
            return job;
        }
        List<EnrollmentJob.Item> going = job.items().stream().filter(i -> !decided.contains(i.rowNo())).toList();
        LOG.info("file id={} agency={}: {} row(s) the registry check held or refused before are not sent to BPJS",
                job.fileId(), job.agencyId(), decided.size());
        if (going.isEmpty() && ledger.tryStartReporting(job.fileId())) {
            headers.put(Headers.REPORTS_DUE, job.fileId());
        }
        return job.withItems(going);
    }

    /** While the registry cannot answer, the job's rows are kept from the stuck-pending sweep (they wait). */
    public void stillWaiting(@ExchangeProperty(Headers.JOB) EnrollmentJob job) {
        reviews.stillWaiting(job.fileId(), job.items().stream().map(EnrollmentJob.Item::rowNo).toList());
    }

    /**
     * The rows still PENDING and not yet checked (V37): a redelivered job's rows decided before are not asked
     * again, nor are rows that passed the check or that a person released from the registry's doubt (each
     * call counts in the semester usage report, and a second answer could put a released row back in REVIEW).
     */
    public List<EnrollmentJob.Item> toAsk(@Body EnrollmentJob job) {
        Set<Integer> unchecked = reviews.uncheckedAmong(job.fileId(), rowNos(job));
        return job.items().stream().filter(i -> unchecked.contains(i.rowNo())).toList();
    }

    private static List<Integer> rowNos(EnrollmentJob job) {
        return job.items().stream().map(EnrollmentJob.Item::rowNo).toList();
    }

    /** What the registry is asked for one row: what the agency's row says of the worker. */
    public RegistryRequest request(@Body EnrollmentJob.Item item, @ExchangeProperty(Headers.JOB) EnrollmentJob job) {
        EnrollmentRequest r = item.request();
        return new RegistryRequest(r.nik(), r.nama(), LocalDate.parse(r.tglLahir()), r.tempatLahir(),
                r.jenisKelamin().charAt(0), RegistryPurpose.ENROLLMENT_CHECK, job.agencyId(),
                "file:" + job.fileId() + "/row:" + item.rowNo());
    }

    /**
     * Writes the decisions to the ledger and returns the job with the rows that go on to BPJS. When none is
     * left and this was the file's last open row, {@code headers} get {@link Headers#REPORTS_DUE}, as the
     * outcome recorder does.
     */
    public EnrollmentJob record(@ExchangeProperty(Headers.JOB) EnrollmentJob job, @Body Object answered,
                                @org.apache.camel.Headers Map<String, Object> headers) {
        // The split's decisions; when no row was left to ask (a redelivered job decided before), a split of
        // nothing leaves the body as it was: the job.
        List<RowDecision> decisions = new ArrayList<>();
        if (answered instanceof List<?> list) {
            for (Object d : list) {
                decisions.add((RowDecision) d);
            }
        }
        // The registry answered: a refusal of the gateway that was on is over. A job with no row left to
        // ask proves nothing of the registry.
        if (!decisions.isEmpty()) {
            alarm.answered();
        }
        Map<Integer, RowDecision> byRow = new HashMap<>();
        List<ReviewLedger.Verified> verdicts = new ArrayList<>(decisions.size());
        int rejected = 0;
        int review = 0;
        for (RowDecision d : decisions) {
            byRow.put(d.rowNo(), d);
            switch (d.outcome()) {
                case GO -> verdicts.add(new ReviewLedger.Verified(d.rowNo(), RowState.PENDING, List.of(), null,
                        d.warning()));
                case REJECT -> {
                    rejected++;
                    verdicts.add(new ReviewLedger.Verified(d.rowNo(), RowState.REJECTED, d.reasons(), null, null));
                }
                case REVIEW -> {
                    review++;
                    verdicts.add(new ReviewLedger.Verified(d.rowNo(), RowState.REVIEW, List.of(), d.reviewReason(),
                            d.warning()));
                }
            }
        }
        reviews.recordVerdicts(job.fileId(), verdicts);
        // On to BPJS: the rows PENDING and checked, those that passed now and those checked before (a
        // redelivered job's, a row a person released from review); never a row no longer PENDING.
        Set<Integer> checked = reviews.checkedAmong(job.fileId(), rowNos(job));
        List<EnrollmentJob.Item> going = job.items().stream().filter(i -> checked.contains(i.rowNo())).toList();
        long before = going.stream().filter(i -> !byRow.containsKey(i.rowNo())).count();
        String summary = decisions.size() + " rows checked: " + (going.size() - before) + " go on to BPJS, " + rejected
                + " refused (REGISTRY_MISMATCH), " + review + " held for review"
                + (before > 0 ? "; " + before + " checked before go on without a new call" : "");
        LOG.info("file id={} agency={}: population registry: {}", job.fileId(), job.agencyId(), summary);
        audit.record(AuditEvent.system("verification", job.agencyId(), "REGISTRY_VERIFY", "file:" + job.fileId(),
                summary));
        if (going.isEmpty() && ledger.tryStartReporting(job.fileId())) {
            headers.put(Headers.REPORTS_DUE, job.fileId());
        }
        return job.withItems(going);
    }
}
