package id.jamsos.gateway.faults;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker restarts while a file's jobs are on the queue: nothing is lost, nothing enrolled twice. */
class BrokerRestartTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aBrokerRestartMidFileLosesNoRow() throws Exception {
        GatewayFixture fx = gateways.startWith(env -> Map.of(
                // What production uses too: the client reconnects by itself and replays what it can.
                "jamsos.broker.url", "failover:(" + env.broker().brokerUrl() + ")?initialReconnectDelay=100&maxReconnectDelay=1000",
                "jamsos.bpjs.batchSize", "5",
                "jamsos.enroller.concurrency", "2",
                "jamsos.delivery.redeliveryDelayMs", "100"));
        fx.env.simulator().faults().latencyMs(40);
        Path sample = gateways.dir().resolve("broker.csv");
        var expected = SampleWorkers.generate(sample, 300, 17L, 15);

        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "broker.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.latest(DemoEnvironment.KEY_AGENCY, "broker.csv")
                .map(f -> fx.gateway.ledger().rowCounts(f.id()).get(RowState.ENROLLED) > 20).orElse(false));
        long before = fx.gateway.ledger().rowCounts(fx.latest(DemoEnvironment.KEY_AGENCY, "broker.csv").orElseThrow().id())
                .get(RowState.ENROLLED);
        fx.env.broker().restart();
        System.out.println("[fault] broker restarted with " + before + " rows enrolled");

        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "broker.csv", Duration.ofSeconds(120));
        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        System.out.println("[fault] after the restart: rows=" + file.totalRows() + " counts=" + counts
                + " maxTimesAnyNikEnrolled=" + fx.env.simulator().stats().maxTimesAnyNikEnrolled());
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(counts.get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        assertThat(counts.get(RowState.REJECTED)).isEqualTo(expected.expectedRejected());
        assertThat(counts.get(RowState.PENDING) + counts.get(RowState.PARKED)).isZero();
        assertThat(fx.env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
    }
}
