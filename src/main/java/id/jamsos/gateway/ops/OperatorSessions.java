package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.OperatorSessionLedger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions after a login on /ops/login, so the status page's scripts need not carry the
 * secret. Ids are 256 random bits. The sessions are the ledger's ({@link OperatorSessionLedger}), not
 * this process's: every replica accepts a session opened on any of them, a logout on one ends it on
 * all, and a restart logs nobody out. The ledger keeps only a digest of each id and decides when a
 * session ends (idle and absolute lifetime, on the database's clock).
 *
 * <p>Each session has its own anti-forgery token: the page carries it, its script sends it back in
 * header {@value OperatorAuth#CSRF_HEADER} with every request that changes something, and another site
 * can neither read the page nor set that header on a form. The token is an HMAC keyed with the session
 * id, so every replica computes the same one without storing it, and neither the stored digest nor the
 * token reveals the id or the other.
 */
public final class OperatorSessions {

    /** What {@link #open} hands out: 32 random bytes, base64url without padding. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final byte[] CSRF_LABEL = "jamsos-ops-csrf".getBytes(StandardCharsets.UTF_8);

    /** A live session: the cookie's value and the token its page sends with state-changing requests. */
    public record Session(String id, String csrfToken) {
        /** Constant time: the token is a secret of the session. */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Session[****]";
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final OperatorSessionLedger ledger;

    public OperatorSessions(OperatorSessionLedger ledger) {
        this.ledger = ledger;
    }

    public Session open() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ledger.open(id);
        return session(id);
    }

    /**
     * The live session of that id, its idle time started again; empty for null, unknown, expired or
     * closed ids. A value that cannot be an id (a cookie of another make) is not looked up.
     */
    public Optional<Session> find(String id) {
        if (id == null || !ID.matcher(id).matches() || !ledger.use(id)) {
            return Optional.empty();
        }
        return Optional.of(session(id));
    }

    public boolean valid(String id) {
        return find(id).isPresent();
    }

    /** Logout: the id is worth nothing from now on, on every replica, whoever holds a copy of the cookie. */
    public void close(String id) {
        ledger.close(id);
    }

    /** The absolute lifetime, for the cookie's Max-Age; the ledger ends an idle session sooner. */
    public long ttlSeconds() {
        return ledger.lifetime().toSeconds();
    }

    private static Session session(String id) {
        return new Session(id, csrfToken(id));
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
}
