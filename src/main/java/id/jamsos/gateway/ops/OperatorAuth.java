package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.ledger.LedgerException;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use /ops (all but health and readiness): whoever presents the configured operator secret,
 * as HTTP Basic with user {@code operator}, as a Bearer token, or through a session cookie from the
 * login form. Credentials are read only from the request's own {@code Authorization} and
 * {@code Cookie} headers ({@link OpsRequest}): never from a query parameter or form field, which
 * platform-http would hand over under the same names. The secret is compared in constant time;
 * failures are throttled per client address and overall, and logged without what was tried; a right
 * secret is refused only when its own address is locked ({@link LoginThrottle}). A live
 * session is never refused by the throttle: its id is 256 random bits nobody guesses, and behind a
 * reverse proxy every operator shares one address.
 *
 * <p>Sessions and failure counts are the ledger's, shared by every replica ({@link OperatorSessions},
 * {@link LoginThrottle}). When the ledger does not answer, nobody is let in (503): neither a session
 * nor a secret can be checked against the limits then.
 *
 * <p>Requests that change something ({@link #requireIntent}) must also prove that the operator's
 * page sent them, not another site's form: see there.
 *
 * <p>The route steps take the Exchange: they read the Vert.x request underneath it (the TCP peer,
 * the request's own headers, the decoded form), which Camel's headers cannot be trusted to be
 * (platform-http merges query parameters into them), and they set the session property and the
 * answer's cookie.
 */
public final class OperatorAuth {

    public static final String USER = "operator";
    public static final String COOKIE = "jamsos_ops";
    /** State-changing requests must carry this header: a form or a URL cannot set it. */
    public static final String CONFIRM_HEADER = "X-Jamsos-Confirm";
    /** A session's anti-forgery token, sent by the status page's script with state-changing requests. */
    public static final String CSRF_HEADER = "X-Jamsos-CSRF";
    /** The same token as a form field, for the forms the operator's pages post (the worker look-up). */
    public static final String CSRF_FIELD = "csrf";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAuth.class);
    private static final String REALM = "Basic realm=\"jamsos-ops\", charset=\"UTF-8\"";

    private final byte[] secretDigest;
    private final LoginThrottle throttle;
    private final OperatorSessions sessions;
    private final boolean secureCookieAlways;
    private AuditTrail audit = new LoggedAuditTrail();

    public OperatorAuth(String secret, LoginThrottle throttle, OperatorSessions sessions) {
        this(secret, throttle, sessions, false);
    }

    /**
     * @param secureCookieAlways mark the session cookie {@code Secure} even on plain HTTP requests: for
     *                           a gateway behind a proxy that ends TLS (jamsos.ops.secureCookie). Over
     *                           TLS to the gateway itself the cookie is always {@code Secure}.
     */
    public OperatorAuth(String secret, LoginThrottle throttle, OperatorSessions sessions, boolean secureCookieAlways) {
        this.secretDigest = secret == null || secret.isEmpty() ? null : digest(secret);
        this.throttle = throttle;
        this.sessions = sessions;
        this.secureCookieAlways = secureCookieAlways;
    }

    /**
     * Logins (form and failed API credentials) and logouts are recorded in {@code trail} too
     * (docs/audit.md). The operators share one secret: the actor is "operator" and the client address.
     */
    public OperatorAuth auditTo(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    /** The audit event of an operator's action from this exchange's client. */
    static AuditEvent operatorEvent(Exchange exchange, String action, String subject, String detail, String outcome) {
        return new AuditEvent(AuditEvent.OPERATOR, "operator", "", action, subject, detail, clientAddress(exchange),
                outcome);
    }

    /** The route step before every protected /ops endpoint. */
    public void check(Exchange exchange) {
        if (!authenticated(exchange)) {
            if (wantsHtml(exchange)) {
                throw new OpsHttpException(303, "login required", Map.of("Location", "/ops/login"));
            }
            throw new OpsHttpException(401, "operator authentication required", Map.of("WWW-Authenticate", REALM));
        }
    }

    /**
     * For endpoints anyone may call that show more to operators (readiness): true when the request
     * carries valid operator credentials, false when it carries none; wrong ones count as a failure
     * like anywhere else.
     */
    public boolean isOperator(Exchange exchange) {
        if (OpsRequest.header(exchange, "Authorization") == null && sessionId(exchange) == null) {
            return false;
        }
        try {
            return authenticated(exchange);
        } catch (OpsHttpException refused) {
            // Not configured, or throttled: then the caller is simply not an operator here.
            return false;
        }
    }

    private boolean authenticated(Exchange exchange) {
        String client = clientAddress(exchange);
        String authorization = OpsRequest.header(exchange, "Authorization");
        String sessionId = sessionId(exchange);
        if (secretDigest == null) {
            throw new OpsHttpException(503, "operator access is not configured: set jamsos.ops.token (JAMSOS_OPS_TOKEN)");
        }
        // A session first, before the throttle: a valid one is never refused, whatever others failed.
        Optional<OperatorSessions.Session> session = ledgerSays(() -> sessions.find(sessionId));
        if (session.isPresent()) {
            exchange.setProperty(Headers.OPS_SESSION, session.get());
            return true;
        }
        String presented = presentedSecret(authorization);
        if (presented == null) {
            // No secret, or only an expired, logged out or unknown session. Not a guess worth
            // counting: nobody guesses 256 random bits, and behind a proxy the stale cookies of a few
            // operators would otherwise lock out everyone's new logins.
            if (sessionId != null) {
                LOG.info("operator session expired or unknown, from {}", client);
            }
            return false;
        }
        if (verdict(client, matches(presented)) == LoginThrottle.Verdict.ADMITTED) {
            return true;
        }
        LOG.warn("operator authentication failed from {} ({})", client, scheme(authorization));
        audit.record(operatorEvent(exchange, "LOGIN", "", "api " + scheme(authorization), AuditEvent.FAILED));
        return false;
    }

    /** The login form's POST: the secret in field {@code token} of the body; opens a session on success. */
    public void login(Exchange exchange) {
        Message in = exchange.getMessage();
        String client = clientAddress(exchange);
        // The form body itself, never a message header: platform-http would also offer ?token=... under
        // that name. Vert.x has decoded the form (BodyHandler); a body it did not decode is read as is.
        String token = OpsRequest.formField(exchange, "token");
        if (token == null) {
            token = formField(in.getBody(String.class), "token");
        }
        in.setBody(null);
        if (secretDigest == null) {
            throw new OpsHttpException(503, "operator access is not configured: set jamsos.ops.token (JAMSOS_OPS_TOKEN)");
        }
        if (verdict(client, token != null && matches(token)) == LoginThrottle.Verdict.ADMITTED) {
            OperatorSessions.Session session = ledgerSays(sessions::open);
            LOG.info("operator logged in from {}", client);
            audit.record(operatorEvent(exchange, "LOGIN", "", "form", AuditEvent.OK));
            throw new OpsHttpException(303, "logged in", Map.of("Location", "/ops", "Set-Cookie",
                    setCookie(exchange, session.id(), sessions.ttlSeconds())));
        }
        LOG.warn("operator login failed from {} (form)", client);
        audit.record(operatorEvent(exchange, "LOGIN", "", "form", AuditEvent.FAILED));
        throw new OpsHttpException(303, "login failed", Map.of("Location", "/ops/login?failed=1"));
    }

    /** POST /ops/logout, after {@link #check} and {@link #requireIntent}: ends the session on the server. */
    public void logout(Exchange exchange) {
        OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION, OperatorSessions.Session.class);
        if (session != null) {
            ledgerDoes(() -> sessions.close(session.id()));
            LOG.info("operator logged out from {}", clientAddress(exchange));
            audit.record(operatorEvent(exchange, "LOGOUT", "", "", AuditEvent.OK));
        }
        exchange.getMessage().setHeader("Set-Cookie", setCookie(exchange, "", 0));
        OpsResponses.json(exchange, 200, "{\"message\":\"logged out\"}");
    }

    /**
     * For POSTs that change something, after {@link #check}: the request must show that the operator's
     * own page (or a deliberate API client) sent it, and no form or link of another site can.
     * <ul>
     * <li>header {@value #CONFIRM_HEADER} present, read from the request's headers only: a form cannot
     * set a header, and a cross-origin script that tries needs a CORS preflight /ops never allows;</li>
     * <li>with a session cookie (which the browser adds by itself, SameSite=Strict notwithstanding for
     * a page of the same site), also header {@value #CSRF_HEADER} equal to the session's token, which
     * only a page served to that session contains;</li>
     * <li>{@code Sec-Fetch-Site}, when the browser sends it, must be {@code same-origin}; an
     * {@code Origin} header, when sent, must name this host.</li>
     * </ul>
     */
    public void requireIntent(Exchange exchange) {
        requireSameSite(exchange);
        if (OpsRequest.header(exchange, CONFIRM_HEADER) == null) {
            throw forged(exchange, "missing header " + CONFIRM_HEADER);
        }
        OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION, OperatorSessions.Session.class);
        if (session != null && !session.csrfMatches(OpsRequest.header(exchange, CSRF_HEADER))) {
            throw forged(exchange, "missing or wrong header " + CSRF_HEADER + " (reload the page)");
        }
    }

    /**
     * For a form the operator's own page posts (the worker look-up, whose NIK must not travel in a URL),
     * after {@link #check}: a form cannot set {@value #CSRF_HEADER}, so with a session the form carries the
     * session's token in field {@value #CSRF_FIELD} (only a page served to that session holds it); without a
     * session (a script with the secret) header {@value #CONFIRM_HEADER} is required, as for
     * {@link #requireIntent}, since a browser may add cached Basic credentials to another site's form by
     * itself. {@code Sec-Fetch-Site} and {@code Origin} as for {@link #requireIntent}.
     */
    public void requireForm(Exchange exchange) {
        requireSameSite(exchange);
        OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION, OperatorSessions.Session.class);
        if (session == null) {
            if (OpsRequest.header(exchange, CONFIRM_HEADER) == null) {
                throw forged(exchange, "missing header " + CONFIRM_HEADER);
            }
            return;
        }
        if (!session.csrfMatches(formField(exchange, CSRF_FIELD))) {
            throw forged(exchange, "missing or wrong form token (reload the page)");
        }
    }

    /**
     * For a JSON POST of a script (the worker look-up's API, the NIK in the body), after {@link #check}: the
     * request's own {@code Content-Type} is {@code application/json}, which no form of another site can send
     * (a cross-origin script would need a CORS preflight /ops never allows); with a session cookie also
     * header {@value #CSRF_HEADER}, as for {@link #requireIntent}. {@code Sec-Fetch-Site} and {@code Origin}
     * as there.
     */
    public void requireJson(Exchange exchange) {
        requireSameSite(exchange);
        String type = OpsRequest.header(exchange, "Content-Type");
        if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new OpsHttpException(415, "send the look-up as JSON (Content-Type: application/json)");
        }
        OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION, OperatorSessions.Session.class);
        if (session != null && !session.csrfMatches(OpsRequest.header(exchange, CSRF_HEADER))) {
            throw forged(exchange, "missing or wrong header " + CSRF_HEADER + " (reload the page)");
        }
    }

    /** A form field of the request's body (decoded by Vert.x, or read from the body as the login does). */
    static String formField(Exchange exchange, String name) {
        String value = OpsRequest.formField(exchange, name);
        return value != null ? value : formField(exchange.getMessage().getBody(String.class), name);
    }

    /** The browser's word, when it gives it, that this very site sent the request. */
    private static void requireSameSite(Exchange exchange) {
        String site = OpsRequest.header(exchange, "Sec-Fetch-Site");
        if (site != null && !"same-origin".equalsIgnoreCase(site.trim())) {
            throw forged(exchange, "request from another site (Sec-Fetch-Site: " + printable(site) + ")");
        }
        String origin = OpsRequest.header(exchange, "Origin");
        if (origin != null && !sameHost(origin, OpsRequest.authority(exchange))) {
            throw forged(exchange, "request from another origin");
        }
    }

    private static OpsHttpException forged(Exchange exchange, String why) {
        LOG.warn("operator request refused from {}: {}", clientAddress(exchange), why);
        return new OpsHttpException(403, why);
    }

    /**
     * Origin's host (and port, when both name one) against the host the request was sent to. The
     * scheme is not compared: TLS may end at a proxy in front.
     */
    static boolean sameHost(String origin, HostAndPort authority) {
        if (authority == null || authority.host() == null) {
            return false;
        }
        try {
            URI o = new URI(origin.trim());
            String host = o.getHost();
            if (host == null) {
                return false;
            }
            String asked = authority.host();
            host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            asked = asked.startsWith("[") ? asked.substring(1, asked.length() - 1) : asked;
            if (!host.equalsIgnoreCase(asked)) {
                return false;
            }
            return o.getPort() < 0 || authority.port() < 0 || o.getPort() == authority.port();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String printable(String s) {
        return s.length() > 20 || !s.chars().allMatch(c -> c == '-' || Character.isLetter(c)) ? "?" : s;
    }

    private String setCookie(Exchange exchange, String value, long maxAge) {
        boolean secure = secureCookieAlways || OpsRequest.overTls(exchange);
        return COOKIE + "=" + value + "; Path=/ops; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + "; Max-Age=" + maxAge;
    }

    private static String sessionId(Exchange exchange) {
        return cookie(OpsRequest.header(exchange, "Cookie"), COOKIE);
    }

    /**
     * The throttle's verdict on a presented secret, compared already (in constant time, whatever the
     * throttle then says). Throttled: 429, right secret or not, so the answer tells a locked address
     * nothing about its guess.
     */
    private LoginThrottle.Verdict verdict(String client, boolean correct) {
        LoginThrottle.Verdict verdict = ledgerSays(() -> throttle.attempt(client, correct));
        if (verdict == LoginThrottle.Verdict.THROTTLED) {
            throw new OpsHttpException(429, "too many failed logins from this address or from all together; "
                    + "try again later", Map.of("Retry-After", String.valueOf(throttle.windowSeconds())));
        }
        return verdict;
    }

    /**
     * Sessions and failed logins are in the ledger. Without it nobody can be checked, so nobody is let
     * in; the answer says why instead of a 500 with the driver's words.
     */
    private static <T> T ledgerSays(Supplier<T> question) {
        try {
            return question.get();
        } catch (LedgerException e) {
            LOG.warn("operator access refused: the ledger does not answer ({})", e.getMessage());
            throw new OpsHttpException(503, "operator sessions and login limits are kept in the ledger, "
                    + "which does not answer; try again later");
        }
    }

    private static void ledgerDoes(Runnable work) {
        ledgerSays(() -> {
            work.run();
            return null;
        });
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

    static String formField(String body, String name) {
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

    private static boolean wantsHtml(Exchange exchange) {
        String accept = OpsRequest.header(exchange, "Accept");
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
