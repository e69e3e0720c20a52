package id.jamsos.gateway.portal;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes portal answers with the security headers every one of them carries (ops/OpsResponses's). */
final class PortalResponses {

    private PortalResponses() {
    }

    static void write(Exchange exchange, int status, String contentType, Object body) {
        Message out = exchange.getMessage();
        Map<String, Object> keep = new HashMap<>();
        for (String h : new String[] {"Location", "Retry-After", "Set-Cookie", "Content-Security-Policy",
                "Content-Disposition"}) {
            if (out.getHeader(h) != null) {
                keep.put(h, out.getHeader(h));
            }
        }
        out.removeHeaders("*");
        keep.forEach(out::setHeader);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        // A clerk's files are the agency's own: never cached (a shared office PC), never framed, never sniffed.
        out.setHeader("Cache-Control", "no-store");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("X-Frame-Options", "DENY");
        out.setHeader("Referrer-Policy", "no-referrer");
        if (out.getHeader("Content-Security-Policy") == null) {
            out.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
        }
        out.setBody(body);
    }
}
