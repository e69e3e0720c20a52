package id.jamsos.gateway.ops;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Browser sessions after a login on /ops/login, so the status page's scripts need not carry the
 * secret. Ids are 256 random bits; at most {@code max} sessions live, the oldest dropped first.
 */
public final class OperatorSessions {

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Long> expiry;

    public OperatorSessions(Duration ttl, int max, Clock clock) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.expiry = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > max;
            }
        };
    }

    public synchronized String open() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        expiry.put(session, clock.millis() + ttlMillis);
        return session;
    }

    public synchronized boolean valid(String session) {
        if (session == null) {
            return false;
        }
        Long until = expiry.get(session);
        if (until == null) {
            return false;
        }
        if (clock.millis() >= until) {
            expiry.remove(session);
            return false;
        }
        return true;
    }

    public long ttlSeconds() {
        return ttlMillis / 1000;
    }
}
