package id.jamsos.gateway.ops;

import java.util.function.BooleanSupplier;

/**
 * A part the gateway talks to (the broker, BPJS's endpoint and the credentials it accepts, the
 * agencies' SFTP host keys) shown in health details and alarms, neither readiness nor liveness: while
 * one is down the gateway still accepts and records claim callbacks and files (the outbox and the
 * broker's redelivery wait it out), and a restart would not bring it back. Camel's overall answer
 * ({@code /observe/health}) turns DOWN with it, its readiness and liveness answers do not.
 */
public final class DetailCheck extends PartCheck {

    private final String whenDown;

    /** {@code whenDown}: what the check's message says while it is down (for operators). */
    public DetailCheck(String id, BooleanSupplier up, String whenDown) {
        super(id, up);
        this.whenDown = whenDown;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    String whenDown() {
        return whenDown;
    }
}
