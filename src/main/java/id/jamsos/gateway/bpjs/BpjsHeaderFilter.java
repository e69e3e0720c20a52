package id.jamsos.gateway.bpjs;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which message headers cross to BPJS and back on the HTTP producer. A message on the enroller's
 * route carries the broker's headers (JMS ids, delivery counts) and the gateway's own (file id,
 * agency): none of that is BPJS's business, so only the signature headers and the content type go
 * out. Of BPJS's answer only Retry-After comes in (the status code the producer sets by itself), so
 * that nothing of the answer travels on with the message to the ledger, the reports or a queue.
 */
public final class BpjsHeaderFilter implements HeaderFilterStrategy {

    private static final Set<String> OUT = Set.of(
            BpjsSignature.CONS_ID.toLowerCase(Locale.ROOT),
            BpjsSignature.TIMESTAMP.toLowerCase(Locale.ROOT),
            BpjsSignature.SIGNATURE.toLowerCase(Locale.ROOT),
            BpjsSignature.USER_KEY.toLowerCase(Locale.ROOT),
            "content-type", "accept");
    private static final Set<String> IN = Set.of("retry-after");

    /** True filters the header out of the request. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !OUT.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True filters the answer's header out of the message. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !IN.contains(name.toLowerCase(Locale.ROOT));
    }
}
