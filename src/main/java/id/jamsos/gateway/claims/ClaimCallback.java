package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.nik.Nik;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim callback's bean: BPJS tells the gateway a claim was paid; the gateway checks who is
 * calling, records the claim once, enriches it from the ledger and hands it to finance.
 */
public final class ClaimCallback {

    /** Where the route sends the message: {@link #TO_FINANCE}, {@link #TO_REVIEW} or nowhere. */
    public static final String DESTINATION = "JamsosDestination";
    public static final String TO_FINANCE = "finance";
    public static final String TO_REVIEW = "review";
    private static final String CLAIM = "JamsosClaim";

    private static final Logger LOG = LoggerFactory.getLogger(ClaimCallback.class);

    private final RequestAuthenticator authenticator;
    private final Ledger ledger;
    private final AgencyRegistry agencies;
    private final ObjectMapper json;
    private final Clock clock;

    public ClaimCallback(RequestAuthenticator authenticator, Ledger ledger, AgencyRegistry agencies,
                         ObjectMapper json, Clock clock) {
        this.authenticator = authenticator;
        this.ledger = ledger;
        this.agencies = agencies;
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.clock = clock;
    }

    /** Refuses callers that do not sign like BPJS, stale timestamps and replays. */
    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        RequestAuthenticator.Verdict verdict = authenticator.verify(name -> in.getHeader(name, String.class));
        if (!verdict.ok()) {
            throw new CallbackRefusedException(401, verdict.code(), verdict.message());
        }
    }

    /**
     * Parses and records the claim. A claim id seen before is acknowledged again but published only
     * if its first publication did not complete. Leaves the finance message as body, only the JMS
     * properties finance routes on as headers.
     */
    public void receive(Exchange exchange) {
        ClaimNotice claim = parse(exchange.getMessage().getBody(String.class));
        Instant now = clock.instant();
        Optional<WorkerEnrollment> worker = claim.kpj() != null ? ledger.findWorkerByKpj(claim.kpj())
                : ledger.findWorkerByNik(claim.nik());
        boolean fresh = ledger.recordClaimIfNew(new ClaimRecord(claim.claimId(), claim.claimType(), claim.kpj(),
                claim.nik(), claim.amount(), worker.map(WorkerEnrollment::agencyId).orElse(null), now,
                exchange.getMessage().getBody(String.class)));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        exchange.setProperty(CLAIM, claim);
        if (!fresh && ledger.isClaimPublished(claim.claimId())) {
            LOG.info("claim={} type={} already received and published; acknowledged again", claim.claimId(), claim.claimType());
            out.setBody(null);
            return;
        }
        FinanceClaimMessage message = toFinance(claim, worker.orElse(null), now);
        try {
            out.setBody(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the finance message", e);
        }
        out.setHeader("claimType", claim.claimType());
        out.setHeader("agencyId", message.agency() == null ? "unknown" : message.agency().id());
        out.setHeader("schemaVersion", FinanceClaimMessage.SCHEMA_VERSION);
        out.setHeader("messageId", message.messageId());
        out.setHeader("JMSCorrelationID", message.messageId());
        out.setHeader(DESTINATION, worker.isPresent() ? TO_FINANCE : TO_REVIEW);
        if (worker.isEmpty()) {
            LOG.warn("claim={} type={} names a worker unknown to the ledger (kpj={}, nik={}); sent to review",
                    claim.claimId(), claim.claimType(), claim.kpj(), Nik.mask(claim.nik()));
        }
    }

    /** After the broker took the message: remember it, and answer BPJS. */
    public void acknowledge(Exchange exchange) throws JsonProcessingException {
        ClaimNotice claim = exchange.getProperty(CLAIM, ClaimNotice.class);
        String destination = exchange.getMessage().getHeader(DESTINATION, String.class);
        if (destination != null) {
            ledger.markClaimPublished(claim.claimId(), clock.instant());
            LOG.info("claim={} type={} amount={} published to {}", claim.claimId(), claim.claimType(), claim.amount(), destination);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(Envelope.ok(Map.of("claimId", claim.claimId(),
                "status", destination == null ? "DUPLICATE" : "RECEIVED"))));
    }

    /** The answer to a refused or failed callback, always in the envelope BPJS reads. */
    public void refuse(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = 500;
        String code = "500";
        String message = "Kesalahan internal; coba lagi nanti / internal error; try again later";
        if (error instanceof CallbackRefusedException r) {
            status = r.httpStatus();
            code = r.code();
            message = r.getMessage();
            LOG.warn("claim callback refused: HTTP {} code {}: {}", status, code, message);
        } else {
            LOG.error("claim callback failed", error);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(Envelope.error(code, message)));
    }

    ClaimNotice parse(String body) {
        if (body == null || body.isBlank()) {
            throw new CallbackRefusedException(400, "400", "Isi permintaan kosong / empty request body");
        }
        ClaimNotice claim;
        try {
            claim = json.readValue(body, ClaimNotice.class);
        } catch (JsonProcessingException e) {
            throw new CallbackRefusedException(400, "400",
                    "JSON tidak valid / invalid JSON: " + e.getOriginalMessage());
        }
        if (claim.claimId() == null || claim.claimId().isBlank()) {
            throw new CallbackRefusedException(400, "400", "claimId wajib diisi / claimId is required");
        }
        if (!"JKM".equals(claim.claimType()) && !"JKK".equals(claim.claimType())) {
            throw new CallbackRefusedException(400, "400", "claimType harus JKM atau JKK / claimType must be JKM or JKK");
        }
        if (claim.amount() <= 0) {
            throw new CallbackRefusedException(400, "400", "amount harus positif / amount must be positive");
        }
        if (claim.kpj() == null && claim.nik() == null) {
            throw new CallbackRefusedException(400, "400", "kpj atau nik wajib diisi / kpj or nik is required");
        }
        return claim;
    }

    private FinanceClaimMessage toFinance(ClaimNotice claim, WorkerEnrollment worker, Instant now) {
        FinanceClaimMessage.Worker w = worker == null
                ? new FinanceClaimMessage.Worker(claim.kpj(), Nik.mask(claim.nik()), null, null)
                : new FinanceClaimMessage.Worker(worker.kpj(), Nik.mask(worker.nik()), worker.name(),
                String.valueOf(worker.enrolledAt()));
        FinanceClaimMessage.Agency a = null;
        if (worker != null) {
            Optional<Agency> agency = agencies.byId(worker.agencyId());
            a = new FinanceClaimMessage.Agency(worker.agencyId(), agency.map(Agency::name).orElse(null), worker.district());
        }
        return new FinanceClaimMessage(FinanceClaimMessage.SCHEMA_VERSION, "claim-" + claim.claimId(),
                FinanceClaimMessage.TYPE, claim.claimId(), claim.claimType(), claim.amount(), "IDR",
                claim.components(), claim.paidAt(), w, a, now.toString());
    }
}
