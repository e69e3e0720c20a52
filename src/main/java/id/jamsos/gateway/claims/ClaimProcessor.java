package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.nik.Nik;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a paid claim reaches finance, whichever path saw it (the signed callback or the
 * pull from the claims listing): record it once, take the publication lease, check it, enrich it
 * from the ledger and leave the finance message and its JMS properties on the exchange for
 * direct:publish-claim. A claim id is published once: the lease decides who publishes, the
 * ledger's published_at remembers that it was.
 */
public final class ClaimProcessor {

    /** Exchange property: {@link #TO_FINANCE}, {@link #TO_REVIEW}, or absent when nothing is to publish. */
    public static final String DESTINATION = "JamsosDestination";
    public static final String TO_FINANCE = "finance";
    public static final String TO_REVIEW = "review";
    /** Exchange property: the {@link Outcome} of {@link #prepare}. */
    public static final String OUTCOME = "JamsosClaimOutcome";
    public static final String CLAIM = "JamsosClaim";
    private static final String REVIEW = "JamsosClaimReview";

    public static final String SOURCE_CALLBACK = "CALLBACK";
    public static final String SOURCE_PULL = "PULL";

    /** What {@link #prepare} decided. */
    public enum Outcome {
        /** This caller holds the lease and must publish. */
        PUBLISH,
        /** Published before: nothing to do. */
        DUPLICATE,
        /** Another path or process is publishing it right now. */
        IN_PROGRESS
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClaimProcessor.class);

    private final Ledger ledger;
    private final FinanceLedger finance;
    private final AgencyRegistry agencies;
    private final Map<String, String> budgetAccounts;
    private final ZoneId zone;
    private final Duration lease;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param budgetAccounts the city's budget account code per claim type (JKM, JKK)
     * @param zone           the city's time zone, for the enrollment date finance reads
     * @param lease          how long a publisher may take before another may publish the claim instead
     */
    public ClaimProcessor(Ledger ledger, FinanceLedger finance, AgencyRegistry agencies,
                          Map<String, String> budgetAccounts, ZoneId zone, Duration lease, ObjectMapper json,
                          Clock clock) {
        this.ledger = ledger;
        this.finance = finance;
        this.agencies = agencies;
        this.budgetAccounts = Map.copyOf(budgetAccounts);
        this.zone = zone;
        this.lease = lease;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records the claim and, when this caller may publish it, leaves the message as body, the JMS
     * properties as headers and the destination as exchange property. Otherwise the body is null.
     */
    public Outcome prepare(Exchange exchange, ClaimNotice claim, String payloadJson, String source) {
        Instant now = clock.instant();
        Optional<WorkerEnrollment> worker = findWorker(claim);
        ledger.recordClaimIfNew(new ClaimRecord(claim.claimId(), storedType(claim.claimType()),
                claim.kpj(), claim.nik(), claim.amount(), worker.map(WorkerEnrollment::agencyId).orElse(null), now,
                payloadJson));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(null);
        exchange.setProperty(CLAIM, claim);
        exchange.removeProperty(DESTINATION);
        Outcome outcome = finance.tryLeaseClaim(claim.claimId(), now, now.plus(lease)) ? Outcome.PUBLISH
                : finance.claimDestination(claim.claimId()).isPresent() ? Outcome.DUPLICATE : Outcome.IN_PROGRESS;
        exchange.setProperty(OUTCOME, outcome);
        if (outcome != Outcome.PUBLISH) {
            LOG.info("claim={} type={} seen again via {}: {}", claim.claimId(), claim.claimType(), source, outcome);
            return outcome;
        }
        List<ClaimReview> problems = ClaimRules.check(claim, worker.orElse(null));
        FinanceClaimMessage message = toMessage(claim, worker.orElse(null), problems, source, now);
        try {
            out.setBody(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the finance message", e);
        }
        out.setHeader("claimType", String.valueOf(claim.claimType()));
        out.setHeader("agencyId", message.agency() == null ? "unknown" : message.agency().id());
        out.setHeader("schemaVersion", FinanceClaimMessage.SCHEMA_VERSION);
        out.setHeader("messageId", message.messageId());
        out.setHeader("messageType", message.messageType());
        out.setHeader("JMSCorrelationID", message.messageId());
        if (problems.isEmpty()) {
            exchange.setProperty(DESTINATION, TO_FINANCE);
        } else {
            out.setHeader("reviewReason", message.reviewCode());
            exchange.setProperty(DESTINATION, TO_REVIEW);
            exchange.setProperty(REVIEW, message.reviewCode() + ": " + message.reviewReason());
            LOG.warn("claim={} type={} kpj={} nik={} sent to review: {}", claim.claimId(), claim.claimType(),
                    claim.kpj(), Nik.mask(claim.nik()), message.reviewCode());
        }
        return outcome;
    }

    /** After the broker took the message: remember where it went, so no path publishes it again. */
    public void published(Exchange exchange) {
        ClaimNotice claim = exchange.getProperty(CLAIM, ClaimNotice.class);
        String destination = exchange.getProperty(DESTINATION, String.class);
        finance.markClaimPublished(claim.claimId(), destination, exchange.getProperty(REVIEW, String.class),
                clock.instant());
        LOG.info("claim={} type={} amount={} published to {}", claim.claimId(), claim.claimType(), claim.amount(),
                destination);
    }

    /** After a failed publication: give the lease back so a retry need not wait for it to run out. */
    public void release(Exchange exchange) {
        ClaimNotice claim = exchange.getProperty(CLAIM, ClaimNotice.class);
        if (claim != null && exchange.getProperty(OUTCOME) == Outcome.PUBLISH) {
            finance.releaseClaim(claim.claimId());
        }
    }

    /** The ledger's claim_type column is short; a bogus type is kept recognisable, and goes to review. */
    private static String storedType(String type) {
        return type == null ? "?" : type.length() > 16 ? type.substring(0, 16) : type;
    }

    private Optional<WorkerEnrollment> findWorker(ClaimNotice claim) {
        Optional<WorkerEnrollment> byKpj = ledger.findWorkerByKpj(claim.kpj());
        return byKpj.isPresent() ? byKpj : ledger.findWorkerByNik(claim.nik());
    }

    private FinanceClaimMessage toMessage(ClaimNotice claim, WorkerEnrollment worker, List<ClaimReview> problems,
                                          String source, Instant now) {
        FinanceClaimMessage.Worker w = worker == null
                ? new FinanceClaimMessage.Worker(claim.kpj(), Nik.mask(claim.nik()), null, null, null)
                : new FinanceClaimMessage.Worker(worker.kpj(), Nik.mask(worker.nik()), worker.name(),
                String.valueOf(worker.enrolledAt()), worker.enrolledAt().atZone(zone).toLocalDate().toString());
        FinanceClaimMessage.Agency a = null;
        if (worker != null) {
            Optional<Agency> agency = agencies.byId(worker.agencyId());
            a = new FinanceClaimMessage.Agency(worker.agencyId(), agency.map(Agency::name).orElse(null), worker.district());
        }
        boolean review = !problems.isEmpty();
        String code = review ? problems.stream().map(ClaimReview::code).distinct().collect(Collectors.joining(","))
                : null;
        String reason = review ? problems.stream().map(ClaimReview::reason).collect(Collectors.joining("; ")) : null;
        return new FinanceClaimMessage(FinanceClaimMessage.SCHEMA_VERSION,
                FinanceClaimMessage.messageIdOf(claim.claimId()),
                review ? FinanceClaimMessage.REVIEW_TYPE : FinanceClaimMessage.TYPE, claim.claimId(),
                claim.claimType(), claim.amount(), "IDR", claim.components(), claim.paidAt(), w, a,
                budgetAccounts.get(claim.claimType()), source, now.toString(), code, reason);
    }
}
