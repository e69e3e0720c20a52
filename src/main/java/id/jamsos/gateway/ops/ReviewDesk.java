package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.finance.BudgetHeadroom;
import id.jamsos.gateway.finance.OverBudgetPolicy;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.ReviewLedger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's decisions on rows waiting in REVIEW (docs/verification.md, "The review path"): the list, a
 * release (the row goes to BPJS, as a replay sends a parked row: PENDING first, then its stored request
 * queued as a job of its own, marked reviewed so that the registry is not asked again) and a refusal
 * (REJECTED with the operator's reason, REVIEW_REFUSED). Each is recorded in the audit trail; the file's
 * reports are written again by the running gateway once the row is decided (see ReviewLedger).
 *
 * <p>A release passes the programme's budget as a fresh row does ({@link #checkBudget}): a row in REVIEW
 * was never counted against it, so under WAITLIST a row the budget cannot carry is released to the
 * waitlist (WAITLISTED, nothing queued: the waitlist release sends it), under WARN it goes on and is said.
 */
public final class ReviewDesk {

    public static final String REFUSED = "REVIEW_REFUSED";

    /** A REVIEW row as an operator sees it: the NIK masked. */
    public record Listed(long fileId, int rowNo, String agencyId, String fileName, String maskedNik, String reason,
                         Instant since) {
    }

    /** What a decision did: {@code ok} false with the reason in {@code message} when nothing changed. */
    public record Decision(boolean ok, String message) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);

    private final ReviewLedger reviews;
    private final Ledger ledger;
    private final ObjectMapper json;
    private final Replayer.JobSender sender;
    private final AuditTrail audit;
    private final JobSeal seal;
    private Supplier<BudgetHeadroom> budget;
    private OverBudgetPolicy policy = OverBudgetPolicy.WARN;

    /** @param sender sends to the enrollment queue, as the replay's does */
    public ReviewDesk(ReviewLedger reviews, Ledger ledger, ObjectMapper json, Replayer.JobSender sender,
                      AuditTrail audit) {
        this.reviews = reviews;
        this.ledger = ledger;
        this.json = json;
        this.sender = sender;
        this.audit = audit;
        // As the replay: only sends, whether plain jobs are read is the enroller's setting.
        this.seal = new JobSeal(ledger.personalData(), false);
    }

    /**
     * A release is decided against the programme's budget as the intake decides a fresh row
     * (jamsos.programme.overBudgetPolicy; {@code headroom} as the intake's, worked out at each release).
     */
    public ReviewDesk checkBudget(OverBudgetPolicy policy, Supplier<BudgetHeadroom> headroom) {
        this.policy = policy;
        this.budget = headroom;
        return this;
    }

    public List<Listed> list(String operator, int limit) {
        List<Listed> rows = reviews.reviewRows(limit).stream()
                .map(r -> new Listed(r.fileId(), r.rowNo(), r.agencyId(), r.fileName(), NikMask.mask(r.nik()),
                        r.reason(), r.since()))
                .toList();
        audit.record(new AuditEvent(AuditEvent.OPERATOR, operator, "", "REVIEW_LIST", "",
                rows.size() + " rows in review listed", ""));
        return rows;
    }

    /** The row goes on to BPJS: PENDING, and its stored request queued as a reviewed job. */
    public Decision release(String operator, long fileId, int rowNo) {
        FileInfo file = ledger.file(fileId).orElse(null);
        if (file == null) {
            return new Decision(false, "no file " + fileId);
        }
        if (reviews.stateOf(fileId, rowNo).orElse(null) != RowState.REVIEW) {
            return new Decision(false, notInReview(fileId, rowNo));
        }
        String stored = reviews.storedItem(fileId, rowNo);
        if (stored == null) {
            // Released without a request to send, the row would stay PENDING with no job to decide it.
            return new Decision(false, "row " + rowNo + " of file " + fileId + " has no stored request;"
                    + " refuse it and ask the agency to send the worker again");
        }
        EnrollmentJob.Item item;
        String sealed;
        // Released after the registry's own doubt (not found, no e-KTP, unreadable): the person's check stands
        // for the registry's, it is not asked again (the job is marked reviewed, the row checked, V37). Held
        // for another cause (the eligibility list): the registry has not been asked yet, the job goes through
        // verification as any other.
        boolean checkedByPerson = id.jamsos.gateway.verification.VerificationRules.heldByRegistry(
                reviews.reviewReason(fileId, rowNo));
        try {
            item = json.readValue(stored, EnrollmentJob.Item.class);
            sealed = seal.seal(json.writeValueAsString(
                    new EnrollmentJob(fileId, file.agencyId(), file.fileName(), List.of(item), checkedByPerson)));
        } catch (JsonProcessingException e) {
            // Without the cause: Jackson's message quotes the JSON, which holds a NIK.
            return new Decision(false, "the stored request of row " + rowNo + " of file " + fileId + " cannot be read");
        }
        // PENDING before the job leaves (as a replay): a crash in between leaves the row PENDING, which the
        // stuck-pending sweep parks for a replay, never a job on the queue for a row still in review.
        // The budget's say in the release's transaction, under the programme's commitment lock.
        BudgetHeadroom money = budget == null ? null : budget.get();
        RowState to = reviews.release(fileId, rowNo, money == null ? null : money.gate(policy), checkedByPerson);
        if (to == null) {
            return new Decision(false, notInReview(fileId, rowNo));
        }
        if (to == RowState.WAITLISTED) {
            audit.record(new AuditEvent(AuditEvent.OPERATOR, operator, file.agencyId(), "REVIEW_RELEASE",
                    subject(fileId, rowNo), "released to the waitlist: the budget cannot carry it now", ""));
            LOG.info("file id={} agency={}: row {} released from review by {}; the programme's budget cannot carry"
                    + " it now: waitlisted", fileId, file.agencyId(), rowNo, operator);
            return new Decision(true, "row " + rowNo + " of file " + fileId + " released from review, but the"
                    + " programme's budget cannot carry it now: WAITLISTED (sent to BPJS when the budget carries it,"
                    + " see `budget release`)");
        }
        sender.send(fileId, file.agencyId(), sealed);
        boolean beyond = money != null && money.beyond() > 0;
        audit.record(new AuditEvent(AuditEvent.OPERATOR, operator, file.agencyId(), "REVIEW_RELEASE",
                subject(fileId, rowNo), beyond ? "released to BPJS beyond the programme's budget (WARN)"
                : "released to BPJS", ""));
        if (beyond) {
            LOG.warn("file id={} agency={}: row {} released from review by {} and queued for BPJS beyond the"
                    + " programme's budget (overBudgetPolicy WARN)", fileId, file.agencyId(), rowNo, operator);
            return new Decision(true, "row " + rowNo + " of file " + fileId + " released: queued for BPJS; the"
                    + " programme's budget cannot carry it to the programme's last month (overBudgetPolicy WARN)");
        }
        LOG.info("file id={} agency={}: row {} released from review by {} and queued for BPJS", fileId,
                file.agencyId(), rowNo, operator);
        return new Decision(true, "row " + rowNo + " of file " + fileId + " released: queued for BPJS");
    }

    /** The row is refused with the operator's reason (REVIEW_REFUSED, the same text in both languages' places). */
    public Decision refuse(String operator, long fileId, int rowNo, String reason) {
        String text = reason == null ? "" : NikMask.scrub(reason.strip());
        if (text.isEmpty()) {
            return new Decision(false, "a refusal needs a reason the agency can read (--reason)");
        }
        FileInfo file = ledger.file(fileId).orElse(null);
        if (file == null) {
            return new Decision(false, "no file " + fileId);
        }
        RowRejection why = new RowRejection("-", REFUSED, "Ditolak petugas setelah pemeriksaan: " + text,
                "Refused by an operator after review: " + text);
        if (!reviews.refuse(fileId, rowNo, why)) {
            return new Decision(false, notInReview(fileId, rowNo));
        }
        audit.record(new AuditEvent(AuditEvent.OPERATOR, operator, file.agencyId(), "REVIEW_REFUSE",
                subject(fileId, rowNo), text, ""));
        LOG.info("file id={} agency={}: row {} refused after review by {}", fileId, file.agencyId(), rowNo, operator);
        return new Decision(true, "row " + rowNo + " of file " + fileId + " refused; the file's reports are written"
                + " again by the running gateway");
    }

    private static String subject(long fileId, int rowNo) {
        return "file:" + fileId + "/row:" + rowNo;
    }

    private String notInReview(long fileId, int rowNo) {
        return "row " + rowNo + " of file " + fileId + " is not in review ("
                + reviews.stateOf(fileId, rowNo).map(RowState::name).orElse("no such row") + ")";
    }
}
