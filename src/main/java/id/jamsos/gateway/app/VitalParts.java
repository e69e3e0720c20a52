package id.jamsos.gateway.app;

import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.cluster.JdbcLeaseClusterView;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * What /ops/health watches besides the HTTP port (issue #14): the parts the gateway cannot work
 * without, each of which once died in a running process (an OutOfMemoryError ends the thread it hits,
 * whatever catches exceptions) while the callback kept answering 200.
 *
 * <ul>
 *   <li>{@value #CLAIM_OUTBOX}: route {@code claim-outbox} started, and its publisher coming round
 *       within {@link ClaimOutbox#longestRound()} (its heartbeat; a dead timer thread stops it).
 *   <li>{@value #ENROLLER}: route {@code enroller} started, and its JMS listener container running
 *       with consumers scheduled (a broker outage does not stop them: they wait and reconnect).
 *   <li>{@value #INTAKE_LEASE}: with clustering on, the intake lease checked within
 *       {@link JdbcLeaseClusterView#longestCheckGapMs()} (a failed check counts: it is the thread
 *       that must live, not the database).
 * </ul>
 * A part registered here counts from now: a heartbeat not seen yet is not late until its longest gap
 * has passed since registration.
 */
final class VitalParts {

    static final String CLAIM_OUTBOX = "claimOutbox";
    static final String ENROLLER = "enroller";
    static final String INTAKE_LEASE = "intakeLease";

    private VitalParts() {
    }

    static void register(CamelContext context, OpsWiring ops, JdbcLeaseClusterView intakeLease) {
        ClaimOutbox outbox = context.getRegistry().lookupByNameAndType("claimOutbox", ClaimOutbox.class);
        if (outbox != null && context.getRoute("claim-outbox") != null) {
            BooleanSupplier beating = heartbeat(outbox::millisSinceLastRound, outbox.longestRound().toMillis());
            ops.live(CLAIM_OUTBOX, () -> started(context, "claim-outbox") && beating.getAsBoolean());
        }
        if (context.getRoute("enroller") != null) {
            ops.live(ENROLLER, () -> started(context, "enroller") && consuming(context.getRoute("enroller")));
        }
        if (intakeLease != null) {
            ops.live(INTAKE_LEASE, heartbeat(intakeLease::millisSinceLastCheck, intakeLease.longestCheckGapMs()));
        }
    }

    private static boolean started(CamelContext context, String routeId) {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** A JMS route's listener container is running and has consumers scheduled. */
    private static boolean consuming(Route route) {
        Consumer consumer = route == null ? null : route.getConsumer();
        if (!(consumer instanceof JmsConsumer jms)) {
            return consumer != null;
        }
        AbstractMessageListenerContainer container;
        try {
            container = jms.getListenerContainer(); // made when the consumer started; no new one here
        } catch (Exception e) {
            return false;
        }
        if (container == null || !container.isRunning()) {
            return false;
        }
        return !(container instanceof DefaultMessageListenerContainer dmlc) || dmlc.getScheduledConsumerCount() > 0;
    }

    private static BooleanSupplier heartbeat(LongSupplier millisSinceBeat, long longestGapMs) {
        long registered = System.currentTimeMillis();
        return () -> Math.min(millisSinceBeat.getAsLong(), System.currentTimeMillis() - registered) <= longestGapMs;
    }
}
