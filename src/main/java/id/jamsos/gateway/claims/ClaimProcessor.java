package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.nik.Nik;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a paid claim reaches finance, whichever path saw it (the signed callback or the
 * pull from the claims listing): check it, enrich it from the ledger, and record it together with
 * the finance (or review) message in the ledger's outbox, in one statement. The {@link ClaimOutbox}
 * publishes what the outbox holds. A claim id is recorded once, so it is published once (a crash
 * between the broker's commit and the ledger's mark can send it again with the same messageId).
 */
public final class ClaimProcessor {

    /** Exchange property: the {@link Outcome} of {@link #prepare}. */
    public static final String OUTCOME = "JamsosClaimOutcome";
    public static final String CLAIM = "JamsosClaim";

    public static final String TO_FINANCE = "finance";
    public static final String TO_REVIEW = "review";

    public static final String SOURCE_CALLBACK = "CALLBACK";
    public static final String SOURCE_PULL = "PULL";

    /** What {@link #prepare} decided. */
    public enum Outcome {
        /** Recorded now with its message: the outbox will publish it. */
        RECORDED,
        /** Recorded before (by either path, any process): it is or will be published from then. */
        DUPLICATE
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClaimProcessor.class);

    private final Ledger ledger;
    private final FinanceLedger finance;
    private final AgencyRegistry agencies;
    private final Map<String, String> budgetAccounts;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final Clock clock;
    private final Consumer<String> recorded;

    /**
     * @param budgetAccounts the city's budget account code per claim type (JKM, JKK)
     * @param zone           the city's time zone, for the enrollment date finance reads
     * @param recorded       called with the claim id after a new claim is recorded: wakes the publisher
     */
    public ClaimProcessor(Ledger ledger, FinanceLedger finance, AgencyRegistry agencies,
                          Map<String, String> budgetAccounts, ZoneId zone, ObjectMapper json, Clock clock,
                          Consumer<String> recorded) {
        this.ledger = ledger;
        this.finance = finance;
        this.agencies = agencies;
        this.budgetAccounts = Map.copyOf(budgetAccounts);
        this.zone = zone;
        this.json = json;
        this.clock = clock;
        this.recorded = recorded;
    }

    /**
     * Records the claim with its message unless it was recorded before; leaves the claim and the
     * {@link Outcome} as exchange properties. Nothing is sent here: once this returns, the claim is
     * in the ledger and the outbox publishes it, also if this process dies now.
     */
    public Outcome prepare(Exchange exchange, ClaimNotice claim, String payloadJson, String source) {
        Instant now = clock.instant();
        Optional<WorkerEnrollment> worker = findWorker(claim);
        List<ClaimReview> problems = ClaimRules.check(claim, worker.orElse(null));
        FinanceClaimMessage message = toMessage(claim, worker.orElse(null), problems, source, now);
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the finance message", e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("claimType", String.valueOf(claim.claimType()));
        properties.put("agencyId", message.agency() == null ? "unknown" : message.agency().id());
        properties.put("schemaVersion", FinanceClaimMessage.SCHEMA_VERSION);
        properties.put("messageId", message.messageId());
        properties.put("messageType", message.messageType());
        properties.put("JMSCorrelationID", message.messageId());
        if (!problems.isEmpty()) {
            properties.put("reviewReason", message.reviewCode());
        }
        String destination = problems.isEmpty() ? TO_FINANCE : TO_REVIEW;
        String review = problems.isEmpty() ? null : message.reviewCode() + ": " + message.reviewReason();
        boolean isNew = finance.recordClaim(new ClaimRecord(claim.claimId(), storedType(claim.claimType()),
                claim.kpj(), claim.nik(), claim.amount(), worker.map(WorkerEnrollment::agencyId).orElse(null), now,
                payloadJson), new ClaimMessage(claim.claimId(), destination, review, body, properties));
        Outcome outcome = isNew ? Outcome.RECORDED : Outcome.DUPLICATE;
        exchange.setProperty(CLAIM, claim);
        exchange.setProperty(OUTCOME, outcome);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(null);
        if (!isNew) {
            LOG.info("claim={} type={} seen again via {}: {}", claim.claimId(), claim.claimType(), source, outcome);
            return outcome;
        }
        if (problems.isEmpty()) {
            LOG.info("claim={} type={} amount={} via {} recorded for finance", claim.claimId(), claim.claimType(),
                    claim.amount(), source);
        } else {
            LOG.warn("claim={} type={} kpj={} nik={} via {} recorded for review: {}", claim.claimId(),
                    claim.claimType(), claim.kpj(), Nik.mask(claim.nik()), source, message.reviewCode());
        }
        recorded.accept(claim.claimId());
        return outcome;
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
