package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads the answer of the endpoint's paid-claims listing, GET /bpjstk/v1/klaim?since=&limit=
 * (docs/bpjs-api.md), as routes/claims-pull.camel.yaml's HTTP call brought it back. Each claim is
 * kept as JSON and read one by one ({@link ClaimPuller#prepare}): one claim that does not read must
 * go to review, not fail the page and hold the watermark for good.
 */
public final class ClaimsListing {

    /** The listing's {@code response} with every claim still JSON text, as sent. */
    public record RawPage(List<RawClaim> klaim, String watermark) {
    }

    private final EnvelopeReader<RawPage> reader;

    public ClaimsListing(ObjectMapper json) {
        this.reader = new EnvelopeReader<>("GET /bpjstk/v1/klaim", json, new TypeReference<>() {
        });
    }

    /** The page; a failed or unusable answer is a {@link id.jamsos.gateway.bpjs.BpjsCallException}. */
    public RawPage read(@Body byte[] answer, @Header(Exchange.HTTP_RESPONSE_CODE) int status) {
        RawPage page = reader.response(answer, status);
        return page.klaim() == null ? new RawPage(List.of(), page.watermark()) : page;
    }
}
