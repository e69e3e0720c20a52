package id.jamsos.gateway.ops;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The HTTP request itself, as the client sent it. Camel's platform-http copies request headers,
 * query parameters and form fields alike into the message's headers, so a message header named
 * {@code Authorization} or {@code X-Jamsos-CSRF} may come from {@code ?Authorization=...} or from a
 * form field that any web page can submit. Whatever decides who is asking, or whether a browser
 * sent a request on purpose, is read here, from the Vert.x request's own headers, and nowhere else
 * (the /ops endpoints also drop every inbound header: {@link OpsHeaderFilter}).
 *
 * <p>Takes the {@link Exchange} because the Vert.x request is only reachable through its message
 * ({@link HttpMessage}); anything that is not a platform-http request has no headers at all here,
 * so a check fails closed.
 */
final class OpsRequest {

    private OpsRequest() {
    }

    static HttpServerRequest of(Exchange exchange) {
        return exchange.getMessage() instanceof HttpMessage m ? m.getRequest()
                : exchange.getIn() instanceof HttpMessage in ? in.getRequest() : null;
    }

    /** The first value of a real request header, or null. */
    static String header(Exchange exchange, String name) {
        HttpServerRequest request = of(exchange);
        return request == null ? null : request.getHeader(name);
    }

    /**
     * A field of the urlencoded form body, as Vert.x decoded it (never a query parameter: those are
     * in {@code params()}, not in {@code formAttributes()}); null without one.
     */
    static String formField(Exchange exchange, String name) {
        HttpServerRequest request = of(exchange);
        return request == null ? null : request.formAttributes().get(name);
    }

    /**
     * The host and port the client asked for: {@code Host} under HTTP/1.1, {@code :authority} under
     * HTTP/2 (where there is no Host header); null if neither.
     */
    static HostAndPort authority(Exchange exchange) {
        HttpServerRequest request = of(exchange);
        return request == null ? null : request.authority();
    }

    /** The request came over TLS to this server. */
    static boolean overTls(Exchange exchange) {
        HttpServerRequest request = of(exchange);
        return request != null && request.isSSL();
    }
}
