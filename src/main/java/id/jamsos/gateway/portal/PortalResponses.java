package id.jamsos.gateway.portal;

import id.jamsos.gateway.ops.OpsResponses;
import org.apache.camel.Exchange;

/** Writes portal answers with the security headers every one of them carries (ops/OpsResponses's). */
final class PortalResponses {

    private PortalResponses() {
    }

    static void write(Exchange exchange, int status, String contentType, Object body) {
        OpsResponses.answer(exchange, status, contentType, body, "Location", "Retry-After", "Set-Cookie",
                "Content-Security-Policy", "Content-Disposition", "Refresh", "ETag");
    }
}
