package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.LoginFailureLedger;

/**
 * Slows down guessing the operator secret: a client (IP address) that fails {@code maxFailures} times
 * within the window is refused until the window ends, and every client is refused once all of them
 * together failed {@code maxOverall} times (guesses spread over many addresses). The failures are
 * counted in the ledger ({@link LoginFailureLedger}) by every replica together: guesses spread over
 * the replicas behind one Service meet the same limits.
 *
 * <p>Only guesses are throttled: {@link OperatorAuth} asks {@link #blocked} before it compares a
 * presented secret, never before it accepts a live session. A correct secret from a blocked address is
 * refused like a wrong one until the window ends; accepting it would let the guess that hits through
 * and the lock would slow nobody down.
 */
public final class LoginThrottle {

    private final LoginFailureLedger failures;
    private final int maxFailures;
    private final int maxOverall;

    public LoginThrottle(LoginFailureLedger failures, int maxFailures, int maxOverall) {
        this.failures = failures;
        this.maxFailures = maxFailures;
        this.maxOverall = maxOverall;
    }

    public boolean blocked(String client) {
        LoginFailureLedger.Failures f = failures.failures(client);
        return f.fromClient() >= maxFailures || f.overall() >= maxOverall;
    }

    public void failure(String client) {
        failures.failed(client);
    }

    public void success(String client) {
        failures.forget(client);
    }

    public long windowSeconds() {
        return failures.window().toSeconds();
    }
}
