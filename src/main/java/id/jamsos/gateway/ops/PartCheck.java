package id.jamsos.gateway.ops;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A health check answered by asking one part whether it is up ({@link DetailCheck}, {@link VitalPartCheck}).
 * A question that throws counts as a no: a part that cannot say it is up is not. None of them is a
 * readiness check; readiness is {@link LedgerReadyCheck}'s alone.
 */
abstract class PartCheck extends AbstractHealthCheck {

    private final BooleanSupplier up;

    PartCheck(String id, BooleanSupplier up) {
        super("jamsos", id);
        this.up = up;
    }

    @Override
    public final boolean isReadiness() {
        return false;
    }

    /** What the check's message says while the part is down (for operators). */
    abstract String whenDown();

    /** Told each answer after it is given; a check that logs changes keeps its state here. */
    void answered(boolean isUp) {
    }

    @Override
    protected final void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean ok;
        try {
            ok = up.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        if (ok) {
            builder.up();
        } else {
            builder.message(whenDown()).down();
        }
        answered(ok);
    }
}
