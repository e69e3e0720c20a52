package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The enroller retries what the endpoint could not answer and enrolls every row once. */
class EnrollerRouteTest {

    @TempDir
    static Path dir;
    static GatewayFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = GatewayFixture.start(dir.resolve("env"), Map.of(
                "jamsos.delivery.redeliveryDelayMs", "50",
                "jamsos.bpjs.batchSize", "10"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void anEndpointAnswering503TwiceStillEnrollsEveryRow() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = dir.resolve("retry.csv");
        SampleWorkers.generate(sample, 40, 3L, 0);
        fx.env.simulator().faults().failNext(503, 503);

        fx.upload(agency, sample, "retry.csv");
        FileInfo file = fx.awaitFinal(agency, "retry.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        assertThat(counts.getOrDefault(RowState.ENROLLED, 0)).isEqualTo(40);
        assertThat(counts.getOrDefault(RowState.PARKED, 0)).isZero();
        assertThat(fx.env.simulator().stats().status5xx()).isGreaterThanOrEqualTo(2);
        assertThat(fx.env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
    }
}
