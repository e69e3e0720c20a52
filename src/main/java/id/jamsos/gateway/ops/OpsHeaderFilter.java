package id.jamsos.gateway.ops;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of every /ops endpoint ({@code headerFilterStrategy=#opsHeaderFilter} in
 * routes/ops.camel.yaml).
 *
 * <p>Inbound, nothing: platform-http would otherwise turn request headers, query parameters and
 * form fields alike into message headers, and a check that reads a message header can be met by
 * {@code ?X-Jamsos-Confirm=replay}. The beans read the real request ({@link OpsRequest}); path
 * parameters ({@code {id}}) and Camel's own {@code CamelHttp*} values are not filtered here and
 * still arrive.
 *
 * <p>Outbound, exactly the answer headers the /ops beans set. Camel's default HTTP filter drops
 * {@code Cache-Control} (and {@code Pragma}) on the way out as "generic message headers", which is
 * why {@code no-store} never reached a client; here it is let through, and nothing else leaks.
 */
public final class OpsHeaderFilter implements HeaderFilterStrategy {

    /** The registry name routes/ops.camel.yaml refers to. */
    public static final String BEAN = "opsHeaderFilter";

    static final Set<String> RESPONSE_HEADERS = Set.of("location", "www-authenticate", "retry-after", "set-cookie",
            "cache-control", "content-security-policy", "x-content-type-options", "x-frame-options",
            "referrer-policy", "cross-origin-resource-policy", "content-disposition");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
