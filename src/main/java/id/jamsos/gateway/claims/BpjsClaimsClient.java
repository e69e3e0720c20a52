package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.type.TypeReference;
import id.jamsos.gateway.bpjs.BpjsGet;
import id.jamsos.gateway.bpjs.ClaimPage;
import id.jamsos.gateway.bpjs.Envelope;
import java.util.Map;

/** Reads the endpoint's paid-claims listing, GET /bpjstk/v1/klaim?since=&limit= (docs/bpjs-api.md). */
public final class BpjsClaimsClient {

    private static final TypeReference<Envelope<ClaimPage>> PAGE = new TypeReference<>() {
    };

    private final BpjsGet get;

    public BpjsClaimsClient(BpjsGet get) {
        this.get = get;
    }

    /** Claims paid strictly after {@code since} (an ISO-8601 instant), oldest first, at most {@code limit}. */
    public ClaimPage since(String since, int limit) {
        ClaimPage page = get.get("/bpjstk/v1/klaim", Map.of("since", since, "limit", Integer.toString(limit)), PAGE);
        return page.klaim() == null ? new ClaimPage(java.util.List.of(), page.watermark()) : page;
    }
}
