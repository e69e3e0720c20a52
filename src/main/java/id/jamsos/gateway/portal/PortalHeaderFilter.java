package id.jamsos.gateway.portal;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of every portal endpoint, as ops/OpsHeaderFilter is for /ops: nothing of the
 * request becomes a message header (a query parameter or form field named like a header must not
 * answer a check; the beans read the request itself, {@link PortalRequest}), and out go exactly the
 * answer headers the portal sets, a download's Content-Disposition among them, the template's ETag and the
 * Refresh of the page that waits for a submitted file.
 */
public final class PortalHeaderFilter implements HeaderFilterStrategy {

    public static final String BEAN = "portalHeaderFilter";

    static final Set<String> RESPONSE_HEADERS = Set.of("location", "retry-after", "set-cookie", "cache-control",
            "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
            "content-disposition", "refresh", "etag");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
