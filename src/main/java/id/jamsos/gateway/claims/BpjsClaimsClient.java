package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.type.TypeReference;
import id.jamsos.gateway.bpjs.BpjsGet;
import id.jamsos.gateway.bpjs.Envelope;
import java.util.List;
import java.util.Map;

/**
 * Reads the endpoint's paid-claims listing, GET /bpjstk/v1/klaim?since=&limit= (docs/bpjs-api.md).
 * Each claim is kept as JSON and read one by one ({@link ClaimPuller#prepare}): one claim that does
 * not read must go to review, not fail the page and hold the watermark for good.
 */
public final class BpjsClaimsClient {

    /** The listing's {@code response} with every claim still JSON text, as sent. */
    public record RawPage(List<RawClaim> klaim, String watermark) {
    }

    private static final TypeReference<Envelope<RawPage>> PAGE = new TypeReference<>() {
    };

    private final BpjsGet get;

    public BpjsClaimsClient(BpjsGet get) {
        this.get = get;
    }

    /** Claims paid strictly after {@code since} (an ISO-8601 instant), oldest first, at most {@code limit}. */
    public RawPage since(String since, int limit) {
        RawPage page = get.get("/bpjstk/v1/klaim", Map.of("since", since, "limit", Integer.toString(limit)), PAGE);
        return page.klaim() == null ? new RawPage(List.of(), page.watermark()) : page;
    }
}
