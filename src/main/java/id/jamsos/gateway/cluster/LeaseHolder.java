package id.jamsos.gateway.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's hold on one namespace's lease: when to count itself leader and when to step down.
 * No threads here, so that the rule can be tested step by step with a fake store and clock.
 *
 * <p>The store measures the lease with its own clock, which this process cannot read without a
 * round trip. What the process can know: a lease granted by a call it started at local instant
 * {@code t} runs until at least {@code t + lease}, since the store's now was no earlier than the
 * call's start. So the holder counts from the moment it <em>asked</em>, on its monotonic clock
 * (never the wall clock, which NTP or an operator may move), and steps down one renewal interval
 * before that bound. Another process can only take the lease once the store's clock is past
 * {@code storeNow + lease}, by which time this one has stopped counting itself leader, whatever its
 * wall clock says and however long a renewal hung.
 */
final class LeaseHolder {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHolder.class);

    private final LeaseStore store;
    private final String namespace;
    private final String memberId;
    private final long leaseNanos;
    private final long renewNanos;
    private final LongSupplier nanoTime;
    private volatile boolean holds;
    private volatile long heldUntilNanos;
    private volatile long lastCheckNanos;
    private volatile boolean checked;

    /**
     * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
     */
    LeaseHolder(LeaseStore store, String namespace, String memberId, Duration lease, Duration renewEvery,
                LongSupplier nanoTime) {
        if (renewEvery.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("renew at least twice per lease: lease " + lease + ", renew " + renewEvery);
        }
        this.store = store;
        this.namespace = namespace;
        this.memberId = memberId;
        this.leaseNanos = lease.toNanos();
        this.renewNanos = renewEvery.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Takes or renews the lease once; what the renewal thread runs every renewal interval.
     *
     * @return whether this process leads now ({@link #leads()})
     */
    boolean check() {
        long asked = nanoTime.getAsLong();
        try {
            boolean granted = store.acquire(namespace, memberId, leaseNanos / 1_000_000);
            if (granted) {
                heldUntilNanos = asked + leaseNanos;
            }
            holds = granted;
        } catch (Exception e) {
            // The last lease granted still counts until its bound; leads() stops counting it one
            // renewal before. Said once, when that happens, rather than at every failed renewal.
            if (holds && !leads()) {
                LOG.warn("lease {} cannot be renewed ({}); stepping down before it runs out", namespace, e.toString());
                holds = false;
            } else {
                LOG.debug("lease {} check failed: {}", namespace, e.toString());
            }
        } finally {
            lastCheckNanos = nanoTime.getAsLong();
            checked = true;
        }
        return leads();
    }

    /**
     * True only while the last lease granted is surely still ours with a renewal interval to spare:
     * read afresh at each call, so a renewal hung on the database cannot keep routes running past the
     * lease (the route policy asks from its own thread).
     */
    boolean leads() {
        return holds && nanoTime.getAsLong() + renewNanos < heldUntilNanos;
    }

    /** Gives the lease back (at stop), so that another process need not wait for it to run out. */
    void release() {
        boolean held = holds;
        holds = false;
        if (held) {
            try {
                store.release(namespace, memberId);
            } catch (Exception e) {
                LOG.warn("could not release the {} lease; it runs out by itself in {} ms", namespace,
                        leaseNanos / 1_000_000);
            }
        }
    }

    /** How long ago the last check ended (successful or not), {@code Long.MAX_VALUE} before the first. */
    long millisSinceLastCheck() {
        return checked ? (nanoTime.getAsLong() - lastCheckNanos) / 1_000_000 : Long.MAX_VALUE;
    }
}
