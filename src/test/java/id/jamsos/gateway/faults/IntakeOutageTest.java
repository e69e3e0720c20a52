package id.jamsos.gateway.faults;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is down while a file is taken in: the file is not failed but stays in the inbox, and
 * once the broker is back the intake resumes it; every row ends once, no error note is written.
 */
class IntakeOutageTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aFileTakenInWhileTheBrokerIsDownIsResumedNotFailed() throws Exception {
        GatewayFixture fx = gateways.start(Map.of("jamsos.intake.maxAttempts", "100"));
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = gateways.dir().resolve("saat-broker-mati.csv");
        var expected = SampleWorkers.generate(sample, 120, 61L, 12);

        fx.env.broker().stop();
        fx.upload(agency, sample, "saat-broker-mati.csv");
        // Registered, then stuck on the broker: still RECEIVING poll after poll, never FAILED.
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.latest(agency, "saat-broker-mati.csv").isPresent());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                fx.latest(agency, "saat-broker-mati.csv").orElseThrow().state() == FileState.RECEIVING);
        System.out.println("[fault] broker stopped while " + "saat-broker-mati.csv" + " was taken in; file kept RECEIVING for 3 s");
        fx.env.broker().restart();

        FileInfo file = fx.awaitFinal(agency, "saat-broker-mati.csv", Duration.ofSeconds(90));
        var counts = fx.gateway.ledger().rowCounts(file.id());
        System.out.println("[fault] broker back: state=" + file.state() + " counts=" + counts);
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(fx.gateway.ledger().files(agency, 10)).hasSize(1);
        assertThat(counts.get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        assertThat(counts.get(RowState.REJECTED)).isEqualTo(expected.expectedRejected());
        assertThat(fx.env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Files.exists(fx.env.inbox(agency).resolve(".done/saat-broker-mati.csv")));
        assertThat(fx.env.inbox(agency).resolve(".failed/saat-broker-mati.csv.error.txt")).doesNotExist();
    }
}
