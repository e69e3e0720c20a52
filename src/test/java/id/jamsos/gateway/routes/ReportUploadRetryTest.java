package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agency's SFTP refuses the report uploads for a few seconds: the writer retries each upload
 * (writer-errors) and the reports arrive, without waiting for stale-reports (10 minutes by default).
 */
class ReportUploadRetryTest {

    @TempDir
    Path dir;

    @Test
    void aReportUploadThatFailsForAFewSecondsIsWrittenByTheRetries() throws Exception {
        try (GatewayFixture fx = GatewayFixture.start(dir.resolve("env"), Map.of());
             LogCapture log = LogCapture.attach()) {
            String agency = DemoEnvironment.KEY_AGENCY;
            Path outbox = fx.env.outbox(agency);
            // A plain file where the outbox folder belongs: every upload to it fails until it is gone.
            deleteTree(outbox);
            Files.writeString(outbox, "not a folder");
            Path sample = dir.resolve("kecil.csv");
            SampleWorkers.generate(sample, 20, 3L, 0);

            fx.upload(agency, sample, "kecil.csv");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("Writing file failed")));
            assertThat(fx.latest(agency, "kecil.csv").orElseThrow().state()).isEqualTo(FileState.REPORTING);
            System.out.println("[fault] report upload refused (outbox is a file); folder given back");
            Files.delete(outbox);

            FileInfo file = fx.awaitFinal(agency, "kecil.csv", Duration.ofSeconds(60));
            assertThat(file.state()).isEqualTo(FileState.DONE);
            assertThat(outbox.resolve("kecil.csv.results.csv")).exists();
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
