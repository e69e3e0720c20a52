package id.jamsos.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing the operator secret: a client (IP address) that fails {@code maxFailures}
 * times within the window is refused until the window ends. Memory is bounded: at most
 * {@code maxClients} addresses are remembered, the least recently seen forgotten first.
 *
 * <p>Only guesses are throttled: {@link OperatorAuth} asks {@link #blocked} before it compares a
 * presented secret, never before it accepts a live session. A correct secret from a blocked address is
 * refused like a wrong one until the window ends; accepting it would let the guess that hits through
 * and the lock would slow nobody down.
 */
public final class LoginThrottle {

    private static final class Entry {
        long windowStart;
        int failures;
    }

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Entry> clients;

    public LoginThrottle(int maxFailures, Duration window, int maxClients, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.clients = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxClients;
            }
        };
    }

    public synchronized boolean blocked(String client) {
        Entry e = clients.get(client);
        return e != null && current(e) && e.failures >= maxFailures;
    }

    public synchronized void failure(String client) {
        Entry e = clients.computeIfAbsent(client, k -> new Entry());
        if (!current(e)) {
            e.windowStart = clock.millis();
            e.failures = 0;
        }
        e.failures++;
    }

    public synchronized void success(String client) {
        clients.remove(client);
    }

    public long windowSeconds() {
        return windowMillis / 1000;
    }

    synchronized int remembered() {
        return clients.size();
    }

    private boolean current(Entry e) {
        return e.failures > 0 && clock.millis() - e.windowStart < windowMillis;
    }
}
