package id.jamsos.gateway.notify;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health detail {@code notifications} (review finding 1): the counts of queued, sent, delivered, uncertain and
 * failed messages as details, and a message while some are UNCERTAIN or FAILED. <em>Decision:</em> it stays UP
 * whatever the counts. An UNCERTAIN or FAILED message is one worker's message waiting for an operator's
 * decision, not a part of the gateway that is down: a DOWN here would turn Camel's overall answer DOWN (and
 * page someone at night) for something a restart cannot fix and that does not stop intake, enrollment or
 * claims. The metric {@code jamsos_notifications_state{state="UNCERTAIN"}} is what an alert rule watches.
 * Neither readiness nor liveness.
 */
public final class NotificationHealthCheck extends AbstractHealthCheck {

    public static final String ID = "notifications";

    private final NotificationWatch watch;

    public NotificationHealthCheck(NotificationWatch watch) {
        super("jamsos", ID);
        this.watch = watch;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Object> details = watch.details();
        details.forEach(builder::detail);
        Object uncertain = details.get("uncertain");
        Object failed = details.get("failed");
        if (details.isEmpty()) {
            builder.message("notification counts not known yet (the ledger check says whether it answers)");
        } else if (((Long) uncertain) + ((Long) failed) > 0) {
            builder.message(uncertain + " uncertain, " + failed + " failed: notify list --state UNCERTAIN"
                    + " (docs/notifications.md)");
        }
        builder.up();
    }
}
