package id.jamsos.gateway.ops;

import id.jamsos.gateway.nik.NikMask;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes /ops answers, and turns a failure into a JSON error with the right status. */
public final class OpsResponses {

    private static final Logger LOG = LoggerFactory.getLogger(OpsResponses.class);

    private OpsResponses() {
    }

    public static void json(Exchange exchange, int status, String body) {
        write(exchange, status, "application/json; charset=utf-8", body);
    }

    public static void write(Exchange exchange, int status, String contentType, String body) {
        answer(exchange, status, contentType, body, "Location", "WWW-Authenticate", "Retry-After", "Set-Cookie",
                "Content-Security-Policy");
    }

    /**
     * Writes an answer with the security headers every operator and clerk page carries, keeping of the
     * message's headers only {@code kept} (set by the route for this answer). Also the portal's.
     */
    public static void answer(Exchange exchange, int status, String contentType, Object body, String... kept) {
        Message out = exchange.getMessage();
        // Request headers would otherwise be echoed as response headers; keep only what is set here.
        Map<String, Object> keep = new java.util.HashMap<>();
        for (String h : kept) {
            if (out.getHeader(h) != null) {
                keep.put(h, out.getHeader(h));
            }
        }
        out.removeHeaders("*");
        keep.forEach(out::setHeader);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        // Answers show the ledger's state now (an operator's, or an agency's on a shared office PC): never
        // cached, never framed elsewhere, never sniffed into another type, and no address handed on to
        // another site. These reach the client only because the endpoints use a header filter that lets them out (OpsHeaderFilter, portalHeaderFilter): Camel's
        // default HTTP filter drops Cache-Control on the way out.
        out.setHeader("Cache-Control", "no-store");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("X-Frame-Options", "DENY");
        out.setHeader("Referrer-Policy", "no-referrer");
        if (out.getHeader("Content-Security-Policy") == null) {
            out.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
        }
        out.setBody(body);
    }

    /** The route configuration ops-errors calls this for any exception. */
    public static void refuse(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (error instanceof OpsHttpException refused) {
            refused.headers().forEach(out::setHeader);
            json(exchange, refused.status(), "{\"error\":" + quote(refused.getMessage()) + "}");
            return;
        }
        String text = error == null ? "unknown error" : NikMask.scrub(String.valueOf(error.getMessage()));
        // No stack trace: causes' messages may quote data; the scrubbed message is enough to act on.
        LOG.error("operator request failed: {}: {}", error == null ? "?" : error.getClass().getName(), text);
        json(exchange, 500, "{\"error\":" + quote("internal error: " + text) + "}");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
