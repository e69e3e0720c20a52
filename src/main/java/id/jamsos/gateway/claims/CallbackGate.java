package id.jamsos.gateway.claims;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on how many authenticated claim callbacks do their expensive work (ledger, broker) at
 * once. The cheap checks (content type, size, signature, window, replay) run before it, so a flood
 * of bad requests never holds a permit and cannot crowd out BPJS's genuine calls; and a flood of
 * genuine ones cannot exhaust the ledger's connection pool, which the intake and enroller share.
 * A call that waits longer than {@code maxWaitMs} for a permit is answered 503 so BPJS retries later.
 */
public final class CallbackGate {

    private final Semaphore permits;
    private final long maxWaitMs;

    public CallbackGate(int maxConcurrent, long maxWaitMs) {
        if (maxConcurrent <= 0 || maxWaitMs < 0) {
            throw new IllegalArgumentException("maxConcurrent must be positive and maxWaitMs not negative");
        }
        this.permits = new Semaphore(maxConcurrent, true);
        this.maxWaitMs = maxWaitMs;
    }

    /** True when the caller may go on; it must then call {@link #leave()} exactly once. */
    public boolean enter() {
        try {
            return permits.tryAcquire(maxWaitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void leave() {
        permits.release();
    }

    public int available() {
        return permits.availablePermits();
    }
}
