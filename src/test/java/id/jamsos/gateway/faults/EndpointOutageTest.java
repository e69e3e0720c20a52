package id.jamsos.gateway.faults;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ops.OpsHealth;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint is down (connection refused) for longer than a job's attempts would last, then comes
 * back: the circuit opens and closes by itself, and every row ends enrolled, none parked.
 */
class EndpointOutageTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void rowsWaitOutAnOutageAndAreAllEnrolledWhenTheEndpointReturns() throws Exception {
        // Bound but not listening: connections are refused, and no other process (a parallel test's
        // outgoing connection, say) can take the port during the outage, as one could a port merely
        // found free. Let go just before the simulator binds it.
        Socket outage = new Socket();
        outage.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = outage.getLocalPort();
        String url = "http://127.0.0.1:" + port;
        gateways.closeAfterwards(outage);
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.bpjs.url", url,
                "jamsos.bpjs.batchSize", "10",
                "jamsos.breaker.windowCalls", "4",
                "jamsos.breaker.minimumCalls", "4",
                "jamsos.breaker.openSeconds", "1",
                "jamsos.breaker.halfOpenCalls", "1",
                "jamsos.delivery.maxAttempts", "3",
                "jamsos.delivery.redeliveryDelayMs", "100",
                "jamsos.delivery.maxRedeliveryDelayMs", "400",
                "jamsos.delivery.maxWaitMs", "500"));
        CircuitBreaker breaker = fx.gateway.context().getRegistry().lookupByNameAndType("bpjsCircuitBreaker",
                CircuitBreaker.class);
        Path sample = gateways.dir().resolve("outage.csv");
        SampleWorkers.generate(sample, 60, 21L, 0);

        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "outage.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        // Operators see it in the health details, and readiness stays up: the gateway still takes
        // files and claim callbacks while BPJS is down.
        OpsHealth health = fx.gateway.context().getRegistry().lookupByNameAndType("opsHealth", OpsHealth.class);
        assertThat(health.checks()).containsEntry(OpsHealth.ENDPOINT, "DOWN").containsEntry("ledger", "UP");
        // Down for 4 s: with 3 attempts of at most ~0.5 s each, every job would have been parked
        // by now if waiting out an outage counted against it.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> {
            long fileId = fx.latest(DemoEnvironment.KEY_AGENCY, "outage.csv").orElseThrow().id();
            Map<RowState, Integer> c = fx.gateway.ledger().rowCounts(fileId);
            return c.get(RowState.ENROLLED) == 0 && c.get(RowState.PARKED) == 0;
        });
        System.out.println("[fault] BPJS endpoint refused connections for 4 s; circuit went " + breaker.getState());

        outage.close();
        try (BpjsSimulator sim = BpjsSimulator.start(SimulatorConfig.defaults().withPort(port))) {
            FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "outage.csv", Duration.ofSeconds(60));
            Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
            System.out.println("[fault] endpoint back: rows=" + file.totalRows() + " counts=" + counts
                    + " circuit=" + breaker.getState() + " enrolledAtEndpoint=" + sim.stats().enrolledWorkers());

            assertThat(file.state()).isEqualTo(FileState.DONE);
            assertThat(counts.get(RowState.ENROLLED)).isEqualTo(60);
            assertThat(counts.get(RowState.PARKED)).isZero();
            assertThat(sim.stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
        }
    }
}
