package id.jamsos.gateway.ops;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness of one part the gateway cannot work without (the claim outbox's publisher, the enrollment
 * consumers, the intake lease; app/VitalParts says which and how each is judged). Only for what a
 * restart cures: a thread that died, a consumer that stopped. Never for what is outside (the
 * database, the broker, BPJS), which a restart would not bring back. A part's death and its return
 * are logged once each, so that the log says why the platform restarted the process.
 */
public final class VitalPartCheck extends PartCheck {

    private static final Logger LOG = LoggerFactory.getLogger(VitalPartCheck.class);

    /** Set and cleared atomically: the probes, /ops/health and the page call at once, and each change is said once. */
    private final AtomicBoolean dead = new AtomicBoolean();

    public VitalPartCheck(String id, BooleanSupplier alive) {
        super(id, alive);
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    String whenDown() {
        return getId() + " is not running";
    }

    @Override
    void answered(boolean isUp) {
        if (isUp) {
            if (dead.compareAndSet(true, false)) {
                LOG.info("liveness: {} is running again", getId());
            }
        } else if (dead.compareAndSet(false, true)) {
            LOG.error("liveness: {} is not running; the liveness probe answers 503 so that the platform restarts"
                    + " the gateway", getId());
        }
    }
}
