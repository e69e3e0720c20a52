package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.ClaimNotice;
import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.nik.NikMask;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull path for claim confirmations, for when callbacks cannot pass the city's firewall
 * (routes/claims-pull.camel.yaml): asks for a page of the endpoint's claims listing after the
 * watermark kept in the ledger (the route makes the call, {@link ClaimsListing} reads it), hands each claim
 * to the {@link ClaimProcessor} the callback uses, and moves the watermark past a claim only once
 * it is recorded with its message (or was already), from where the {@link ClaimOutbox} publishes
 * it. So a restart at any point neither skips a claim (the watermark is behind it) nor repeats one
 * (the ledger knows it).
 */
public final class ClaimPuller {

    /** The watermark's name in the ledger. */
    public static final String SOURCE = "bpjs-klaim";
    /** Exchange property shared by a page's split exchanges: see {@link PageState}. */

    private static final Logger LOG = LoggerFactory.getLogger(ClaimPuller.class);

    private final ClaimProcessor processor;
    private final FinanceLedger finance;
    private final String initialSince;
    private final int pageSize;
    private final ObjectMapper json;
    private final ObjectMapper strict;
    private final Clock clock;

    /** One page's progress. Once a claim of the page failed, the watermark stays behind it. */
    static final class PageState {
        volatile boolean held;
    }

    public ClaimPuller(ClaimProcessor processor, FinanceLedger finance, String initialSince, int pageSize,
                       ObjectMapper json, Clock clock) {
        this.processor = processor;
        this.finance = finance;
        this.initialSince = initialSince;
        this.pageSize = pageSize;
        this.json = json;
        this.strict = ClaimJson.strict(json);
        this.clock = clock;
    }

    /** The listing's query: claims paid strictly after {@code since} (an ISO-8601 instant), at most a page. */
    public String query(@ExchangeProperty(Headers.CLAIMS_SINCE) String since) {
        return "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&limit=" + pageSize;
    }

    /**
     * The page's claims, oldest first, for the split. Takes the Exchange to leave the page's shared
     * {@link PageState} on it, which every claim's exchange of the split then sees.
     */
    public List<RawClaim> page(@Body ClaimsListing.RawPage page, @ExchangeProperty(Headers.CLAIMS_SINCE) String since,
                               Exchange exchange) {
        exchange.setProperty(Headers.CLAIM_PAGE, new PageState());
        if (!page.klaim().isEmpty()) {
            LOG.info("claims listing: {} claim(s) after {}", page.klaim().size(), since);
        }
        return page.klaim();
    }

    /**
     * One claim of the page, through the shared processor, read as strictly as the callback reads
     * one. A claim that does not read (a fractional amount, a field of the wrong type, ...) is not
     * an error of the pull: its readable parts go to review with the reason, and the page goes on.
     * A key sent twice in the claim ({@code "amount"} twice) is such a claim, as on the callback, and
     * so is a {@code null} where a claim should be. Takes the Exchange because the processor, shared
     * with the callback, leaves the claim and its outcome on it for {@link #advance}.
     */
    public void prepare(@Body RawClaim rawClaim, Exchange exchange) {
        String raw = rawClaim.json();
        ClaimNotice claim;
        String why;
        try {
            claim = strict.readValue(raw, ClaimNotice.class);
            why = claim == null ? "null instead of a claim" : null;
        } catch (JsonProcessingException e) {
            claim = null;
            why = NikMask.scrub(String.valueOf(e.getOriginalMessage()));
        }
        if (why != null) {
            processor.prepare(exchange, readableParts(lenientTree(raw)), raw, ClaimProcessor.SOURCE_PULL,
                    List.of(new ClaimReview(ClaimShape.MALFORMED, "Klaim tidak terbaca / claim does not read: "
                            + ClaimShape.forLog(why))));
            return;
        }
        processor.prepare(exchange, claim, raw, ClaimProcessor.SOURCE_PULL);
    }

    /** The claim as a tree, a repeated key read last-wins: only for the readable parts shown to review. */
    private JsonNode lenientTree(String raw) {
        try {
            return json.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** What can be read of a claim that does not read as a whole: text fields as they are; the rest left out. */
    static ClaimNotice readableParts(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode amount = node.path("amount");
        return new ClaimNotice(text(node, "claimId"), text(node, "claimType"), text(node, "kpj"), text(node, "nik"),
                amount.isIntegralNumber() && amount.canConvertToLong() ? amount.longValue() : 0, null,
                text(node, "paidAt"), null, text(node, "tanggalKejadian"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /**
     * After the claim is recorded (or was already), so sure to be published: the watermark moves
     * past it, if its paidAt is a plausible instant. One that is not (say year 9999) would move
     * the watermark past every claim still to come: it is recorded for review and the watermark
     * stays.
     */
    public void advance(@ExchangeProperty(Headers.CLAIM) ClaimNotice claim,
                        @ExchangeProperty(Headers.CLAIM_PAGE) PageState state) {
        if (!state.held && processor.plausiblePaidAt(claim)) {
            finance.saveClaimWatermark(SOURCE, claim.paidAt(), clock.instant());
        }
    }

    /** The pull failed (endpoint or ledger): logged without a stack trace; the next tick tries again. */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                       @ExchangeProperty(Headers.CLAIM_PAGE) PageState state) {
        LOG.warn("claims pull failed, retried at the next interval: {}",
                BpjsCallException.describe("GET /bpjstk/v1/klaim", error));
        // The error handler may run for one claim of the page and let the split go on: the
        // watermark must then stay behind the failed claim.
        if (state != null) {
            state.held = true;
        }
    }

    public String watermark() {
        return finance.claimWatermark(SOURCE).orElse(initialSince);
    }
}
