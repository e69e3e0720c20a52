package id.jamsos.gateway.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions after a login on /ops/login, so the status page's scripts need not carry the
 * secret. Ids are 256 random bits; at most {@code max} sessions live, the oldest dropped first.
 * Each session has its own anti-forgery token (another 256 random bits): the page carries it, its
 * script sends it back in header {@value OperatorAuth#CSRF_HEADER} with every request that changes
 * something, and another site can neither read the page nor set that header on a form.
 */
public final class OperatorSessions {

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

    private record Entry(Session session, long until) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Entry> sessions;

    public OperatorSessions(Duration ttl, int max, Clock clock) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.sessions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > max;
            }
        };
    }

    public synchronized Session open() {
        Session s = new Session(randomId(), randomId());
        sessions.put(s.id(), new Entry(s, clock.millis() + ttlMillis));
        return s;
    }

    /** The live session of that id; empty for null, unknown, expired or closed ids. */
    public synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Entry e = sessions.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (clock.millis() >= e.until()) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(e.session());
    }

    public boolean valid(String id) {
        return find(id).isPresent();
    }

    /** Logout: the id is worth nothing from now on, whoever holds a copy of the cookie. */
    public synchronized void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public long ttlSeconds() {
        return ttlMillis / 1000;
    }

    private String randomId() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
