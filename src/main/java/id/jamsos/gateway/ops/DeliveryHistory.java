package id.jamsos.gateway.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries to the endpoint per minute over the last hours, in memory, for the status page's
 * charts. A fixed ring of minute buckets: memory does not grow however long the gateway runs.
 */
public final class DeliveryHistory {

    /** One minute: attempts made and how many of them failed. */
    public record Minute(long epochMinute, long requests, long errors) {
    }

    private final Clock clock;
    private final int minutes;
    private final long[] stamp;
    private final long[] requests;
    private final long[] errors;

    public DeliveryHistory(Clock clock, int minutes) {
        this.clock = clock;
        this.minutes = minutes;
        this.stamp = new long[minutes];
        this.requests = new long[minutes];
        this.errors = new long[minutes];
    }

    public synchronized void record(boolean failed) {
        int i = slot(now());
        requests[i]++;
        if (failed) {
            errors[i]++;
        }
    }

    /** The last {@code minutes} minutes, oldest first, with zeros where nothing happened. */
    public synchronized List<Minute> lastMinutes() {
        long now = now();
        List<Minute> out = new ArrayList<>(minutes);
        for (long m = now - minutes + 1; m <= now; m++) {
            int i = (int) Math.floorMod(m, (long) minutes);
            out.add(stamp[i] == m ? new Minute(m, requests[i], errors[i]) : new Minute(m, 0, 0));
        }
        return out;
    }

    private int slot(long minute) {
        int i = (int) Math.floorMod(minute, (long) minutes);
        if (stamp[i] != minute) {
            stamp[i] = minute;
            requests[i] = 0;
            errors[i] = 0;
        }
        return i;
    }

    private long now() {
        return Math.floorDiv(clock.millis(), 60_000L);
    }
}
