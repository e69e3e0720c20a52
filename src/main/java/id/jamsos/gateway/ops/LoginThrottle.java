package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.LoginFailureLedger;

/**
 * Slows down guessing the operator secret: a client (IP address) that fails {@code maxFailures} times
 * within the window is refused until the window ends, and once all clients together failed
 * {@code maxOverall} times (guesses spread over many addresses) every further wrong credential is
 * refused as throttled too. The failures are counted in the ledger ({@link LoginFailureLedger}) by
 * every replica together: guesses spread over the replicas behind one Service meet the same limits.
 *
 * <p>The limits count failures, and each address answers for its own: a correct secret from an
 * address that is not locked itself is let in even while the overall limit holds, so an API client
 * or an operator is never locked out by someone else's guesses. A correct secret from a locked address
 * is refused like a wrong one until the window ends; accepting it would let the guess that hits
 * through and the lock would slow nobody down. What keeps guesses spread over many addresses from
 * finding the secret is then its strength (app/SecretStrength: at least 32 characters) and the
 * per-address limit, not the overall count, which only refuses their wrong guesses sooner.
 *
 * <p>Only presented secrets are throttled: {@link OperatorAuth} asks {@link #attempt} after it compared
 * one, never before it accepts a live session.
 */
public final class LoginThrottle {

    /** What a presented secret gets. */
    public enum Verdict {
        /** The secret is right and its address not locked. */
        ADMITTED,
        /** The secret is wrong; counted. */
        WRONG,
        /** Refused whatever the secret: its address is locked, or (a wrong one) all together failed too often. */
        THROTTLED
    }

    private final LoginFailureLedger failures;
    private final int maxFailures;
    private final int maxOverall;

    public LoginThrottle(LoginFailureLedger failures, int maxFailures, int maxOverall) {
        this.failures = failures;
        this.maxFailures = maxFailures;
        this.maxOverall = maxOverall;
    }

    /**
     * The verdict on a secret {@code client} presented, {@code correct} or not, as one decision of the
     * ledger: a right secret costs one read (and a delete when its address had failures to forget), a
     * wrong one is counted only while under the limits, in the same statement that checks them.
     */
    public Verdict attempt(String client, boolean correct) {
        if (correct) {
            return failures.admit(client, maxFailures) ? Verdict.ADMITTED : Verdict.THROTTLED;
        }
        return failures.failed(client, maxFailures, maxOverall) ? Verdict.WRONG : Verdict.THROTTLED;
    }

    /** Whether {@code who} (an address, or the portal's "user:" key) is locked now: asked before any hash. */
    public boolean locked(String who) {
        return failures.failures(who).fromClient() >= maxFailures;
    }

    /** As {@link #attempt}, for a key counted alone (the portal's per user name), not overall. */
    public Verdict attemptAlone(String who, boolean correct) {
        if (correct) {
            return failures.admit(who, maxFailures) ? Verdict.ADMITTED : Verdict.THROTTLED;
        }
        return failures.failedAlone(who, maxFailures) ? Verdict.WRONG : Verdict.THROTTLED;
    }

    public long windowSeconds() {
        return failures.window().toSeconds();
    }
}
