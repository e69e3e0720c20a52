package id.jamsos.gateway.faults;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import id.jamsos.gateway.simulator.SimulatorStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint answers 429 with Retry-After, 503, and holds a share of requests past the client's
 * timeout: every row still ends enrolled, none twice, and the request rate stays within the limit.
 */
class UnreliableEndpointTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void everyRowIsEnrolledThrough429s503sAndTimeoutsWithinTheRateLimit() throws Exception {
        int limit = 5;
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.bpjs.batchSize", "5",
                "jamsos.bpjs.maxRequestsPerSecond", String.valueOf(limit),
                "jamsos.bpjs.requestTimeoutMs", "800",
                "jamsos.delivery.redeliveryDelayMs", "100",
                "jamsos.delivery.maxRedeliveryDelayMs", "800",
                "jamsos.delivery.maxWaitMs", "1500"));
        fx.env.simulator().faults()
                .seed(7)
                .errorRate(0.15).errorStatus(503)
                .timeoutRate(0.05).timeoutHoldMs(1500)
                .failNext(429, 429, 503);
        Path sample = gateways.dir().resolve("flaky.csv");
        SampleWorkers.generate(sample, 200, 33L, 0);

        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "flaky.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "flaky.csv", Duration.ofSeconds(120));

        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        SimulatorStats stats = fx.env.simulator().stats();
        System.out.println("[fault] endpoint injected 429 x2 (Retry-After), 503 at 15%, 5% held past the 800 ms timeout;"
                + " counted: requests=" + stats.enrollmentRequests() + " 429=" + stats.status429()
                + " 5xx=" + stats.status5xx() + " maxRequestsInAnySecond=" + stats.maxRequestsInAnySecond()
                + " (limit " + limit + ") rows=" + counts);
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(counts.get(RowState.ENROLLED)).isEqualTo(200);
        assertThat(counts.get(RowState.PARKED)).isZero();
        assertThat(stats.maxTimesAnyNikEnrolled()).isEqualTo(1);
        assertThat(stats.status429()).isGreaterThanOrEqualTo(2);
        assertThat(stats.status5xx()).isGreaterThanOrEqualTo(1);
        assertThat(stats.maxRequestsInAnySecond()).isLessThanOrEqualTo(limit);
    }
}
