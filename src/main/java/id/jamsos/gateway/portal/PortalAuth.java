package id.jamsos.gateway.portal;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.PortalSessionLedger;
import id.jamsos.gateway.ops.LoginThrottle;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the portal: a clerk of an agency, signed in with a user name and password from
 * {@code agencies.yaml} ({@code portal_users}, hashes only: {@link PasswordHash}). The same care as the
 * operators' page (ops/OperatorAuth): failed logins throttled per address and overall by the ledger for
 * every replica ({@link LoginThrottle} on table portal_login_failure, apart from the operators'), sessions
 * in the ledger (portal_session, V25) so a login holds on every replica, a cookie that is HttpOnly,
 * SameSite=Strict, Path=/portal and Secure over TLS (or always, jamsos.portal.secureCookie, behind a
 * proxy that ends TLS), and an anti-forgery token per session in every form. Each login, failed or not,
 * is one audit line (logger {@value PortalAudit#LOGGER}).
 *
 * <p>The session decides the agency: every page and query below takes it from the session, never
 * from the request.
 *
 * <p>The route steps take the Exchange: they read the Vert.x request underneath it (peer address,
 * cookie, form fields) and set the session property.
 */
public final class PortalAuth {

    public static final String COOKIE = "jamsos_portal";
    /** The exchange property the session is kept under for the steps after {@link #check}. */
    public static final String SESSION = "JamsosPortalSession";
    /** The hidden field of every portal form that carries the session's anti-forgery token. */
    public static final String CSRF_FIELD = "csrf";
    /** Exchange property: the clerk's address as {@link #client} names it, set by {@link #check}. */
    static final String CLIENT = "JamsosPortalClient";

    private static final Logger LOG = LoggerFactory.getLogger(PortalAuth.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final byte[] CSRF_LABEL = "jamsos-portal-csrf".getBytes(StandardCharsets.UTF_8);

    private final Supplier<AgencyRegistry> agencies;
    private final LoginThrottle throttle;
    private final PortalSessionLedger sessions;
    private final boolean secureCookieAlways;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> trustedProxies;
    /**
     * At most two password hashes (600,000 PBKDF2 rounds each) at a time: they run on the worker threads
     * the claim callback shares, and a crowd of logins must not take them all.
     */
    final Semaphore hashing = new Semaphore(2);
    private AuditTrail audit = new LoggedAuditTrail();

    public PortalAuth(Supplier<AgencyRegistry> agencies, LoginThrottle throttle, PortalSessionLedger sessions,
                      boolean secureCookieAlways) {
        this(agencies, throttle, sessions, secureCookieAlways, Set.of());
    }

    /**
     * @param trustedProxies addresses of the proxies in front of the portal (jamsos.portal.trustedProxies):
     *                       from one of them, the last X-Forwarded-For hop is the client the throttle counts
     */
    public PortalAuth(Supplier<AgencyRegistry> agencies, LoginThrottle throttle, PortalSessionLedger sessions,
                      boolean secureCookieAlways, Set<String> trustedProxies) {
        this.agencies = agencies;
        this.throttle = throttle;
        this.sessions = sessions;
        this.secureCookieAlways = secureCookieAlways;
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** Logins, failed and throttled logins and logouts are recorded in {@code trail} too (docs/audit.md). */
    public PortalAuth auditTo(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    /**
     * The address a login is counted for: the TCP peer, or, when the peer is a trusted proxy, the last hop
     * of X-Forwarded-For (the one that proxy added; earlier hops are whatever the client sent).
     */
    static String clientOf(String peer, String forwardedFor, Set<String> trustedProxies) {
        if (forwardedFor == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? peer : last;
    }

    /** The step before every page of a clerk: a live session, or the login form. */
    public void check(Exchange exchange) {
        String id = PortalRequest.cookie(exchange, COOKIE);
        Optional<PortalSession> session = find(id);
        if (session.isEmpty()) {
            throw PortalRefusal.redirect("/portal/login");
        }
        exchange.setProperty(SESSION, session.get());
        // The clerk's address for every audit line of this request: the forwarded one only from a trusted proxy.
        exchange.setProperty(CLIENT, client(exchange));
    }

    /**
     * The live session of that cookie value, while its agency still lets the clerk in (a user removed
     * from agencies.yaml, or an agency disabled, ends the sessions at their next request).
     */
    Optional<PortalSession> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Optional<PortalSessionLedger.Owner> owner = ledgerSays(() -> sessions.use(id));
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Optional<AgencyPortal.User> user = userOf(owner.get().agencyId(), owner.get().username());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(fingerprint(user.get().passwordHash()).getBytes(StandardCharsets.US_ASCII),
                String.valueOf(owner.get().passwordFingerprint()).getBytes(StandardCharsets.US_ASCII))) {
            // The clerk's password hash changed in agencies.yaml since this login (a new password, or one
            // that leaked): every session opened with the old one ends, on every replica.
            ledgerDoes(() -> sessions.close(id));
            PortalAudit.log("session ended agency={} user={}: the password changed", owner.get().agencyId(),
                    PortalAudit.user(owner.get().username()));
            return Optional.empty();
        }
        return Optional.of(new PortalSession(id, owner.get().agencyId(), owner.get().username(), csrfToken(id)));
    }

    /** Whether that cookie value is a live session: PortalHttp asks it before it reads an upload's body. */
    public boolean sessionLive(String id) {
        try {
            return find(id).isPresent();
        } catch (PortalRefusal e) {
            return false;
        }
    }

    /** The clerk's address as the throttle and the audit name it: the forwarded one only from a trusted proxy. */
    String client(Exchange exchange) {
        return clientOf(PortalRequest.client(exchange), PortalRequest.header(exchange, "X-Forwarded-For"),
                trustedProxies);
    }

    /** POST /portal/login: fields {@code username} and {@code password} of the form. */
    public void login(Exchange exchange) {
        requireSameSite(exchange);
        String client = client(exchange);
        String username = PortalRequest.formField(exchange, "username");
        String password = PortalRequest.formField(exchange, "password");
        exchange.getMessage().setBody(null);
        String[] signedIn = signIn(client, username, password);
        throw new PortalRefusal(303, "Masuk", "Logged in", Map.of("Location", "/portal",
                "Set-Cookie", setCookie(exchange, signedIn[1], sessions.lifetime().toSeconds())));
    }

    /**
     * The login itself: the agency and the new session's id, or a refusal. The locks are looked at first
     * (a locked address or user name costs no hash), then at most two hashes run at once (more: 503), then
     * the failure is counted per address and, for a user that exists, per user name: behind one proxy all
     * clerks share an address, and a name guessed from many addresses is locked all the same.
     */
    String[] signIn(String client, String typedUsername, String password) {
        String username = typedUsername == null ? "" : typedUsername.trim();
        Optional<Found> found = username.isEmpty() ? Optional.empty() : findUser(username);
        // Only a user that exists is named in the log: a password typed into the name field is not.
        String shownUser = found.isPresent() ? PortalAudit.user(username) : "?";
        String userKey = found.map(f -> "user:" + f.user().username()).orElse(null);
        if (ledgerSays(() -> throttle.locked(client) || (userKey != null && throttle.locked(userKey)))) {
            throw throttled(shownUser, client);
        }
        boolean correct;
        if (!acquireHashing()) {
            LOG.warn("portal login refused from {}: {} password checks already running", client, 2);
            throw new PortalRefusal(503, "Sedang sibuk: coba lagi sebentar.", "Busy: try again shortly.",
                    Map.of("Retry-After", "5"));
        }
        try {
            if (found.isPresent()) {
                correct = PasswordHash.matches(password, found.get().user().passwordHash());
            } else {
                // As long as a real check: the time does not tell whether the name exists.
                PasswordHash.burn(password);
                correct = false;
            }
        } finally {
            hashing.release();
        }
        LoginThrottle.Verdict verdict = ledgerSays(() -> {
            LoginThrottle.Verdict v = throttle.attempt(client, correct);
            if (userKey != null && throttle.attemptAlone(userKey, correct) == LoginThrottle.Verdict.THROTTLED) {
                return LoginThrottle.Verdict.THROTTLED;
            }
            return v;
        });
        if (verdict == LoginThrottle.Verdict.THROTTLED) {
            throw throttled(shownUser, client);
        }
        if (verdict != LoginThrottle.Verdict.ADMITTED) {
            PortalAudit.log("login failed user={} from {}", shownUser, client);
            audit.record(new AuditEvent(AuditEvent.CLERK, shownUser, "", "LOGIN", "", "", client, AuditEvent.FAILED));
            throw PortalRefusal.redirect("/portal/login?failed=1");
        }
        String agencyId = found.get().agency().id();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ledgerDoes(() -> sessions.open(id, agencyId, found.get().user().username(),
                fingerprint(found.get().user().passwordHash())));
        PortalAudit.log("login ok agency={} user={} from {}", agencyId, shownUser, client);
        audit.record(new AuditEvent(AuditEvent.CLERK, shownUser, agencyId, "LOGIN", "", "", client));
        return new String[] {agencyId, id};
    }

    private boolean acquireHashing() {
        try {
            return hashing.tryAcquire(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PortalRefusal throttled(String shownUser, String client) {
        // A log line only, not an entry of the chain: refusals cost a guesser nothing, and each entry takes the
        // trail's one lock, so a flood of them would hold up every clerk's audited action. The wrong guesses
        // before the lock (counted, so bounded by the throttle) are entries.
        PortalAudit.log("login refused (throttled) user={} from {}", shownUser, client);
        return new PortalRefusal(429, "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.",
                "Too many failed logins. Try again later.",
                Map.of("Retry-After", String.valueOf(throttle.windowSeconds())));
    }

    /** POST /portal/logout, after {@link #check} and {@link #requireCsrf}. */
    public void logout(Exchange exchange) {
        PortalSession session = exchange.getProperty(SESSION, PortalSession.class);
        if (session != null) {
            ledgerDoes(() -> sessions.close(session.id()));
            PortalAudit.log("logout agency={} user={} from {}", session.agencyId(), session.username(),
                    PortalRequest.clerk(exchange));
            audit.record(new AuditEvent(AuditEvent.CLERK, session.username(), session.agencyId(), "LOGOUT", "", "",
                    PortalRequest.clerk(exchange)));
        }
        throw new PortalRefusal(303, "Keluar", "Logged out", Map.of("Location", "/portal/login",
                "Set-Cookie", setCookie(exchange, "", 0)));
    }

    /**
     * For every POST after {@link #check}: the form carries the session's token (only a page served to
     * this session holds it; another site can neither read the page nor guess it), and the browser,
     * when it says so, sent it from this very site ({@code Sec-Fetch-Site}, {@code Origin}).
     */
    public void requireCsrf(Exchange exchange) {
        requireSameSite(exchange);
        PortalSession session = exchange.getProperty(SESSION, PortalSession.class);
        if (session == null || !session.csrfMatches(PortalRequest.formField(exchange, CSRF_FIELD))) {
            throw forged(exchange, "missing or wrong form token");
        }
    }

    /**
     * The browser's word that a POST came from this very site: for every form, the login's too (else another
     * site could sign a clerk into an account of its choosing, login forgery).
     */
    static void requireSameSite(Exchange exchange) {
        String site = PortalRequest.header(exchange, "Sec-Fetch-Site");
        if (site != null && !"same-origin".equalsIgnoreCase(site.trim()) && !"none".equalsIgnoreCase(site.trim())) {
            throw forged(exchange, "request from another site");
        }
        String origin = PortalRequest.header(exchange, "Origin");
        String host = PortalRequest.header(exchange, "Host");
        if (origin != null && !"null".equals(origin) && !sameHost(origin, host)) {
            throw forged(exchange, "request from another origin");
        }
    }

    private static PortalRefusal forged(Exchange exchange, String why) {
        LOG.warn("portal request refused from {}: {}", PortalRequest.client(exchange), why);
        return new PortalRefusal(403, "Permintaan ditolak: muat ulang halaman lalu coba lagi.",
                "Request refused: reload the page and try again.");
    }

    static boolean sameHost(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        try {
            URI o = new URI(origin.trim());
            if (o.getHost() == null) {
                return false;
            }
            String expected = o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
            String host = hostHeader.trim();
            return host.equalsIgnoreCase(expected)
                    || (o.getPort() < 0 && host.toLowerCase(java.util.Locale.ROOT).startsWith(o.getHost().toLowerCase(
                    java.util.Locale.ROOT) + ":"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private record Found(Agency agency, AgencyPortal.User user) {
    }

    /** User names are unique over all agencies (AgencyRegistry checks it); a disabled agency lets nobody in. */
    private Optional<Found> findUser(String username) {
        AgencyRegistry registry = agencies.get();
        for (Agency agency : registry.enabledAgencies()) {
            Optional<AgencyPortal.User> user = registry.portal(agency.id()).user(username);
            if (user.isPresent()) {
                return Optional.of(new Found(agency, user.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<AgencyPortal.User> userOf(String agencyId, String username) {
        AgencyRegistry registry = agencies.get();
        return registry.byId(agencyId).filter(Agency::enabled).flatMap(a -> registry.portal(agencyId).user(username));
    }

    private String setCookie(Exchange exchange, String value, long maxAge) {
        boolean secure = secureCookieAlways || PortalRequest.overTls(exchange);
        return COOKIE + "=" + value + "; Path=/portal; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + "; Max-Age=" + maxAge;
    }

    /**
     * What a session keeps of the password hash it was opened with: the SHA-256 of the hash string, so that
     * the ledger holds nothing a password could be tried against, yet a changed hash is seen at once.
     */
    static String fingerprint(String passwordHash) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(passwordHash.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String csrfToken(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(CSRF_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T ledgerSays(Supplier<T> question) {
        try {
            return question.get();
        } catch (LedgerException e) {
            LOG.warn("portal access refused: the ledger does not answer ({})", e.getMessage());
            throw new PortalRefusal(503, "Layanan sedang tidak tersedia. Coba lagi nanti.",
                    "The service is unavailable. Try again later.");
        }
    }

    private static void ledgerDoes(Runnable work) {
        ledgerSays(() -> {
            work.run();
            return null;
        });
    }
}
