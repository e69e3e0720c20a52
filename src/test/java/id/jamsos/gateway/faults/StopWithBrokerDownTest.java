package id.jamsos.gateway.faults;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.routes.GatewayFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away, then the operator stops the gateway: it must be gone well inside the
 * systemd unit's 60 s stop timeout (TimeoutStopSec), or systemd kills it mid-write. Measured
 * with the broker URL production ships (failover, no options), whose consumers keep trying to
 * reconnect for ever.
 */
class StopWithBrokerDownTest {

    @TempDir
    Path dir;

    @Test
    void theGatewayStopsWithinTenSecondsWhileTheBrokerIsDown() throws Exception {
        GatewayFixture fx = GatewayFixture.startWith(dir.resolve("env"), env -> Map.of(
                "jamsos.broker.url", "failover:(" + env.broker().brokerUrl() + ")",
                // The outbox and the queue-depth browser are busy against the broker when it goes.
                "jamsos.finance.publishIntervalMs", "100"));
        try {
            Path sample = dir.resolve("stop.csv");
            SampleWorkers.generate(sample, 6, 5L, 0);
            fx.upload(DemoEnvironment.KEY_AGENCY, sample, "stop.csv");
            FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "stop.csv", Duration.ofSeconds(60));
            List<String> niks = fx.enrolledNiks(file.id());

            fx.env.broker().stop();
            // A claim paid now waits in the outbox, whose publisher is then sending into a failover
            // transport that has no broker to send to.
            ClaimNotice claim = fx.env.simulator().jkmClaimFor(niks.get(0));
            assertThat(fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim)).isEqualTo(200);
            // Long enough for every consumer and the outbox to notice and start reconnecting.
            Thread.sleep(3_000);
            long start = System.nanoTime();
            fx.gateway.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("[fault] gateway stopped " + took.toMillis() + " ms after the stop, broker down");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        } finally {
            fx.env.close();
        }
    }
}
