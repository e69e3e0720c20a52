package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.ClaimPage;
import id.jamsos.gateway.ledger.FinanceLedger;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull path for claim confirmations, for when callbacks cannot pass the city's firewall: reads
 * a page of the endpoint's claims listing after the watermark kept in the ledger, hands each claim
 * to the {@link ClaimProcessor} the callback uses, and moves the watermark past a claim only once
 * it is recorded with its message (or was already), from where the {@link ClaimOutbox} publishes
 * it. So a restart at any point neither skips a claim (the watermark is behind it) nor repeats one
 * (the ledger knows it).
 */
public final class ClaimPuller {

    /** The watermark's name in the ledger. */
    public static final String SOURCE = "bpjs-klaim";
    /** Exchange property shared by a page's split exchanges: see {@link PageState}. */
    private static final String PAGE_STATE = "JamsosClaimPage";

    private static final Logger LOG = LoggerFactory.getLogger(ClaimPuller.class);

    private final BpjsClaimsClient client;
    private final ClaimProcessor processor;
    private final FinanceLedger finance;
    private final String initialSince;
    private final int pageSize;
    private final ObjectMapper json;
    private final Clock clock;

    /** One page's progress. Once a claim of the page failed, the watermark stays behind it. */
    static final class PageState {
        volatile boolean held;
    }

    public ClaimPuller(BpjsClaimsClient client, ClaimProcessor processor, FinanceLedger finance, String initialSince,
                       int pageSize, ObjectMapper json, Clock clock) {
        this.client = client;
        this.processor = processor;
        this.finance = finance;
        this.initialSince = initialSince;
        this.pageSize = pageSize;
        this.json = json;
        this.clock = clock;
    }

    /** The next page after the watermark, as the body: a list of claims, oldest first. */
    public List<ClaimNotice> fetch(Exchange exchange) {
        String since = watermark();
        ClaimPage page = client.since(since, pageSize);
        exchange.setProperty(PAGE_STATE, new PageState());
        if (!page.klaim().isEmpty()) {
            LOG.info("claims listing: {} claim(s) after {}", page.klaim().size(), since);
        }
        return page.klaim();
    }

    /** One claim of the page, through the shared processor. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        ClaimNotice claim = exchange.getMessage().getBody(ClaimNotice.class);
        processor.prepare(exchange, claim, json.writeValueAsString(claim), ClaimProcessor.SOURCE_PULL);
    }

    /** After the claim is recorded (or was already), so sure to be published: the watermark moves past it. */
    public void advance(Exchange exchange) {
        ClaimNotice claim = exchange.getProperty(ClaimProcessor.CLAIM, ClaimNotice.class);
        PageState state = exchange.getProperty(PAGE_STATE, PageState.class);
        if (!state.held && claim.paidAt() != null) {
            finance.saveClaimWatermark(SOURCE, claim.paidAt(), clock.instant());
        }
    }

    /** The pull failed (endpoint or ledger): logged without a stack trace; the next tick tries again. */
    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("claims pull failed, retried at the next interval: {}", String.valueOf(error));
        // The error handler may run for one claim of the page and let the split go on: the
        // watermark must then stay behind the failed claim.
        PageState state = exchange.getProperty(PAGE_STATE, PageState.class);
        if (state != null) {
            state.held = true;
        }
    }

    public String watermark() {
        return finance.claimWatermark(SOURCE).orElse(initialSince);
    }
}
