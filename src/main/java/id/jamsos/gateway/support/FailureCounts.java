package id.jamsos.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failures counted per key (a job, a file) in memory, forgetting the least recently touched keys
 * beyond a capacity so that memory stays bounded. Lost on restart, which only ever gives a job or
 * a file more attempts.
 */
public final class FailureCounts {

    private final Map<String, Integer> counts;

    public FailureCounts(int capacity) {
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Failures counted for the key so far. */
    public synchronized int get(String key) {
        return counts.getOrDefault(key, 0);
    }

    /** Counts one more failure; returns the new count. */
    public synchronized int increment(String key) {
        return counts.merge(key, 1, Integer::sum);
    }

    public synchronized void forget(String key) {
        counts.remove(key);
    }
}
