package id.jamsos.gateway.portal;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The portal request as the browser sent it (ops/OpsRequest's reasons): a header, a form field, the
 * cookie, the peer's address, read from the Vert.x request itself, never from message headers, which
 * platform-http fills from the query string and the form as well. Takes the {@link Exchange} because
 * the request is only reachable through its message.
 */
final class PortalRequest {

    private PortalRequest() {
    }

    static HttpServerRequest of(Exchange exchange) {
        return exchange.getMessage() instanceof HttpMessage m ? m.getRequest()
                : exchange.getIn() instanceof HttpMessage in ? in.getRequest() : null;
    }

    static String header(Exchange exchange, String name) {
        HttpServerRequest request = of(exchange);
        return request == null ? null : request.getHeader(name);
    }

    /** A field of the posted form (urlencoded or multipart), never a query parameter; null without one. */
    static String formField(Exchange exchange, String name) {
        HttpServerRequest request = of(exchange);
        return request == null ? null : request.formAttributes().get(name);
    }

    /** One parameter of the query string; null without one. */
    static String query(Exchange exchange, String name) {
        HttpServerRequest request = of(exchange);
        if (request == null || request.query() == null) {
            return null;
        }
        java.util.List<String> values = new io.netty.handler.codec.http.QueryStringDecoder(request.uri())
                .parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String cookie(Exchange exchange, String name) {
        String header = header(exchange, "Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    static boolean overTls(Exchange exchange) {
        HttpServerRequest request = of(exchange);
        return request != null && request.isSSL();
    }

    /**
     * The clerk's address for an audit line after {@link PortalAuth#check}: the forwarded one when the
     * request came through a trusted proxy, else the TCP peer.
     */
    static String clerk(Exchange exchange) {
        String checked = exchange.getProperty(PortalAuth.CLIENT, String.class);
        return checked != null ? checked : client(exchange);
    }

    /** The TCP peer; forwarded-for headers are not trusted (anyone can send them). */
    static String client(Exchange exchange) {
        HttpServerRequest request = of(exchange);
        SocketAddress remote = request == null ? null : request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : String.valueOf(remote.host());
    }
}
