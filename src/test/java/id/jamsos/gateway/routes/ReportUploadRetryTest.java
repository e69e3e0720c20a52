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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agency's SFTP refuses the report uploads: for a few seconds, the writer's retries
 * (writer-errors) write the reports without waiting for stale-reports (10 minutes by default); for
 * longer, file-reports gives up without rolling back the enrollment job, and stale-reports writes
 * the reports once the SFTP takes them again.
 */
class ReportUploadRetryTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aReportUploadThatFailsForAFewSecondsIsWrittenByTheRetries() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        try (LogCapture log = LogCapture.attach()) {
            String agency = DemoEnvironment.KEY_AGENCY;
            Path outbox = refuseUploads(fx, agency);
            Path sample = gateways.dir().resolve("kecil.csv");
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
            // The operator's line: which file, which agency, and when the next try comes (1 s, 2 s, ...).
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN")
                    .contains("upload of kecil.csv.results.csv for agency " + agency + " failed")
                    .contains("try 1 of 5 again in 1.0 s"));
        }
    }

    @Test
    void reportsThatCannotBeWrittenWaitForStaleReportsWithoutRollingBackTheEnrollment() throws Exception {
        Map<String, String> settings = Map.of("jamsos.reports.uploadRetries", "1",
                "jamsos.reports.uploadRetryDelayMs", "100", "jamsos.reports.retryIntervalMs", "500",
                "jamsos.reports.staleAfterMs", "3000");
        GatewayFixture fx = gateways.start(settings);
        try (LogCapture log = LogCapture.attach()) {
            String agency = DemoEnvironment.KEY_AGENCY;
            Path outbox = refuseUploads(fx, agency);
            Path sample = gateways.dir().resolve("kecil.csv");
            SampleWorkers.generate(sample, 20, 3L, 0);

            fx.upload(agency, sample, "kecil.csv");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> log.lines().stream().anyMatch(l -> l.contains("reports of file")
                            && l.contains("not written")));
            System.out.println("[fault] reports given up after the writer's retries; outbox given back");
            assertThat(fx.latest(agency, "kecil.csv").orElseThrow().state()).isEqualTo(FileState.REPORTING);
            Files.delete(outbox);

            FileInfo file = fx.awaitFinal(agency, "kecil.csv", Duration.ofSeconds(60));
            assertThat(file.state()).isEqualTo(FileState.DONE);
            assertThat(outbox.resolve("kecil.csv.results.csv")).exists();
            // 20 rows in one batch request: had the failure rolled the enrollment job back, the
            // redelivered job would have called BPJS again.
            assertThat(fx.env.simulator().stats().enrollmentRequests()).isEqualTo(1);
        }
    }

    /** A plain file where the agency's outbox folder belongs: every upload to it fails until it is gone. */
    private static Path refuseUploads(GatewayFixture fx, String agency) throws Exception {
        Path outbox = fx.env.outbox(agency);
        deleteTree(outbox);
        Files.writeString(outbox, "not a folder");
        return outbox;
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
