package id.jamsos.gateway.ops;

import io.vertx.core.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use /ops (all but health and readiness): whoever presents the configured operator secret,
 * as HTTP Basic with user {@code operator}, as a Bearer token, or through a session cookie from the
 * login form. The secret is compared in constant time; failures are throttled per client address
 * and logged without what was tried. The credentials are removed from the message once checked so
 * that no later step can log them.
 */
public final class OperatorAuth {

    public static final String USER = "operator";
    public static final String COOKIE = "jamsos_ops";
    /** State-changing requests must carry this header: a cross-site form cannot set it. */
    public static final String CONFIRM_HEADER = "X-Jamsos-Confirm";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAuth.class);
    private static final String REALM = "Basic realm=\"jamsos-ops\", charset=\"UTF-8\"";

    private final byte[] secretDigest;
    private final LoginThrottle throttle;
    private final OperatorSessions sessions;

    public OperatorAuth(String secret, LoginThrottle throttle, OperatorSessions sessions) {
        this.secretDigest = secret == null || secret.isEmpty() ? null : digest(secret);
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** The route step before every protected /ops endpoint. */
    public void check(Exchange exchange) {
        Message in = exchange.getMessage();
        String client = clientAddress(exchange);
        String authorization = in.getHeader("Authorization", String.class);
        String session = cookie(in.getHeader("Cookie", String.class), COOKIE);
        in.removeHeader("Authorization");
        in.removeHeader("Cookie");
        refuseIfUnusable(client);
        if (sessions.valid(session)) {
            return;
        }
        String presented = presentedSecret(authorization);
        if (presented != null && matches(presented)) {
            throttle.success(client);
            return;
        }
        if (presented != null || session != null) {
            throttle.failure(client);
            LOG.warn("operator authentication failed from {} ({})", client,
                    presented != null ? scheme(authorization) : "expired or unknown session");
        }
        if (wantsHtml(in)) {
            throw new OpsHttpException(303, "login required", Map.of("Location", "/ops/login"));
        }
        throw new OpsHttpException(401, "operator authentication required", Map.of("WWW-Authenticate", REALM));
    }

    /** The login form's POST: the secret in field {@code token}; opens a session on success. */
    public void login(Exchange exchange) {
        Message in = exchange.getMessage();
        String client = clientAddress(exchange);
        // platform-http turns form fields into headers; a raw body is read as a fallback.
        String token = in.getHeader("token", String.class);
        if (token == null) {
            token = formField(in.getBody(String.class), "token");
        }
        in.removeHeader("token");
        in.setBody(null);
        refuseIfUnusable(client);
        if (token != null && matches(token)) {
            throttle.success(client);
            String id = sessions.open();
            LOG.info("operator logged in from {}", client);
            throw new OpsHttpException(303, "logged in", Map.of("Location", "/ops", "Set-Cookie", COOKIE + "=" + id
                    + "; Path=/ops; HttpOnly; SameSite=Strict; Max-Age=" + sessions.ttlSeconds()));
        }
        throttle.failure(client);
        LOG.warn("operator login failed from {} (form)", client);
        throw new OpsHttpException(303, "login failed", Map.of("Location", "/ops/login?failed=1"));
    }

    /** For POSTs that change something: refuses requests a browser could send cross-site. */
    public void requireConfirmHeader(Exchange exchange) {
        if (exchange.getMessage().getHeader(CONFIRM_HEADER) == null) {
            throw new OpsHttpException(400, "missing header " + CONFIRM_HEADER);
        }
    }

    private void refuseIfUnusable(String client) {
        if (secretDigest == null) {
            throw new OpsHttpException(503, "operator access is not configured: set jamsos.ops.token (JAMSOS_OPS_TOKEN)");
        }
        if (throttle.blocked(client)) {
            throw new OpsHttpException(429, "too many failed logins from this address; try again later",
                    Map.of("Retry-After", "300"));
        }
    }

    private boolean matches(String presented) {
        // Digests of equal length: the comparison takes the same time whatever was presented.
        return MessageDigest.isEqual(secretDigest, digest(presented));
    }

    static String presentedSecret(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return a.substring(7).trim();
        }
        if (a.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
            int colon = decoded.indexOf(':');
            if (colon < 0 || !USER.equals(decoded.substring(0, colon))) {
                return "";
            }
            return decoded.substring(colon + 1);
        }
        return "";
    }

    private static String scheme(String authorization) {
        int space = authorization.indexOf(' ');
        String s = space < 0 ? "unknown" : authorization.substring(0, space);
        return s.length() > 16 || !s.chars().allMatch(Character::isLetter) ? "unknown scheme" : s;
    }

    static String cookie(String header, String name) {
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

    private static String formField(String body, String name) {
        if (body == null) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean wantsHtml(Message in) {
        String accept = in.getHeader("Accept", String.class);
        return accept != null && accept.contains("text/html");
    }

    /** The TCP peer; forwarded-for headers are not trusted (anyone can send them). */
    static String clientAddress(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (remote instanceof SocketAddress sa) {
            return sa.hostAddress() != null ? sa.hostAddress() : String.valueOf(sa.host());
        }
        return remote == null ? "unknown" : remote.toString();
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
