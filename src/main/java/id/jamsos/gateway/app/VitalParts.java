package id.jamsos.gateway.app;

import id.jamsos.gateway.claims.ClaimOutbox;
import id.jamsos.gateway.cluster.JdbcLeaseClusterView;
import id.jamsos.gateway.ops.VitalPartCheck;
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
 * The liveness checks ({@link VitalPartCheck}s bound in this gateway's Camel registry, so that Camel's
 * HealthCheckRegistry serves them on {@code /observe/health/live} and /ops/health): the parts the
 * gateway cannot work without (issue #14), each of which once died in a running process (an
 * OutOfMemoryError ends the thread it hits, whatever catches exceptions) while the callback kept
 * answering 200.
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

    /**
     * After the context has started (the routes and the lease must exist). Until then liveness is
     * Camel's {@code context} check alone, which is DOWN while the context starts.
     */
    static void register(CamelContext context, JdbcLeaseClusterView intakeLease) {
        ClaimOutbox outbox = context.getRegistry().lookupByNameAndType("claimOutbox", ClaimOutbox.class);
        if (outbox != null && context.getRoute("claim-outbox") != null) {
            BooleanSupplier beating = heartbeat(outbox::millisSinceLastRound, outbox.longestRound().toMillis());
            live(context, CLAIM_OUTBOX, () -> started(context, "claim-outbox") && beating.getAsBoolean());
        }
        if (context.getRoute("enroller") != null) {
            live(context, ENROLLER, () -> started(context, "enroller") && consuming(context.getRoute("enroller")));
        }
        if (intakeLease != null) {
            live(context, INTAKE_LEASE, heartbeat(intakeLease::millisSinceLastCheck, intakeLease.longestCheckGapMs()));
        }
    }

    /** Bound under a name of its own: the check's id ("claimOutbox") is also the name of the outbox bean. */
    private static void live(CamelContext context, String part, BooleanSupplier alive) {
        context.getRegistry().bind(part + "HealthCheck", new VitalPartCheck(part, alive));
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
