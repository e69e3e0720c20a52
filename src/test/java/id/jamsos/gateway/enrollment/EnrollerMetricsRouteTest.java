package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.ops.OpsEventNotifier;
import id.jamsos.gateway.ops.QueueDepths;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery meters come from Camel's exchange events (OpsEventNotifier). The circuit breaker runs
 * its steps on a copy of the exchange with a unit of work of its own, whose events must not count as
 * a second job or a second retry.
 */
class EnrollerMetricsRouteTest {

    @Test
    void oneJobCountsOnceThroughTheCircuitBreaker() throws Exception {
        try (BpjsSimulator sim = BpjsSimulator.start(SimulatorConfig.defaults());
             EnrollerRoute route = EnrollerRoute.start(EnrollerCallRouteTest.settings(sim, sim.config().secret(),
                     sim.config().userKey()))) {
            GatewayMetrics metrics = new GatewayMetrics(null, new QueueDepths(null, List.of(),
                    new QueueDepths.DeadLetters("DLQ.", "ActiveMQ.DLQ", List.of()), 10, 1000, Clock.systemUTC()),
                    Clock.systemUTC());
            route.context.getManagementStrategy().addEventNotifier(new OpsEventNotifier(metrics));

            route.enroll(EnrollerRoute.job(1, 2, 9671014505960001L));
            sim.faults().failNext(503);
            route.send(EnrollerRoute.job(2, 1, 9671014505960011L));

            assertThat(metrics.registry().get("jamsos.deliveries").tag("outcome", "decided").counter().count())
                    .isEqualTo(1.0);
            assertThat(metrics.registry().get("jamsos.delivery.retries").counter().count()).isEqualTo(1.0);
        }
    }
}
