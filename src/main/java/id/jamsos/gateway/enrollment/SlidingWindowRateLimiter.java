package id.jamsos.gateway.enrollment;

import java.util.concurrent.TimeUnit;

/**
 * At most {@code permits} calls start in any window of one second (plus a small margin for network
 * jitter), whatever the window's alignment: the rate agreed with BPJS is a promise about every
 * second, which a fixed-window limiter can break by up to twice at a window boundary. It remembers
 * the start times of the last {@code permits} calls, so memory is fixed.
 */
public final class SlidingWindowRateLimiter {

    private final long windowNanos;
    private final long[] starts;
    private int oldest;

    /** @param permitsPerSecond 0 or less means no limit */
    public SlidingWindowRateLimiter(int permitsPerSecond, long marginMillis) {
        this.windowNanos = TimeUnit.SECONDS.toNanos(1) + TimeUnit.MILLISECONDS.toNanos(marginMillis);
        this.starts = permitsPerSecond > 0 ? new long[permitsPerSecond] : null;
        if (starts != null) {
            long longAgo = System.nanoTime() - 2 * windowNanos;
            java.util.Arrays.fill(starts, longAgo);
        }
    }

    /** Blocks until a call may start. */
    public void acquire() throws InterruptedException {
        if (starts == null) {
            return;
        }
        synchronized (this) {
            while (true) {
                long now = System.nanoTime();
                long wait = starts[oldest] + windowNanos - now;
                if (wait <= 0) {
                    starts[oldest] = now;
                    oldest = (oldest + 1) % starts.length;
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            }
        }
    }

    public int permitsPerSecond() {
        return starts == null ? 0 : starts.length;
    }
}
