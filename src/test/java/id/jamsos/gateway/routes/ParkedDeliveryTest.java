package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When the endpoint cannot be reached for good, rows are parked with the reason, never dropped. */
class ParkedDeliveryTest {

    // Nothing listens on port 9 on loopback: every call is refused, a transient error that
    // retries cannot fix.
    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.bpjs.url", "http://127.0.0.1:9",
            "jamsos.delivery.maxAttempts", "3",
            "jamsos.delivery.redeliveryDelayMs", "20"));

    @Test
    void rowsThatCannotBeDeliveredAreParkedAndReported() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = fx.dir().resolve("down.csv");
        var expected = SampleWorkers.generate(sample, 30, 5L, 10);

        fx.upload(agency, sample, "down.csv");
        FileInfo file = fx.awaitFinal(agency, "down.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        assertThat(counts.getOrDefault(RowState.PARKED, 0)).isEqualTo(expected.expectedAccepted());
        assertThat(counts.getOrDefault(RowState.REJECTED, 0)).isEqualTo(expected.expectedRejected());
        assertThat(fx.gateway().ledger().parkedRows(file.id(), 100))
                .allSatisfy(r -> assertThat(r.lastError()).contains("unreachable"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fx.env().broker().queueSize(fx.props().get("jamsos.queue.parked")) > 0);
        String rejects = Files.readString(fx.env().outbox(agency).resolve("down.csv.rejects.csv"), StandardCharsets.UTF_8);
        assertThat(rejects).contains("PARKED");
        // The delivery error stays with the operators (ledger, log): the clerk reads what to do and where.
        String results = Files.readString(fx.env().outbox(agency).resolve("down.csv.results.csv"), StandardCharsets.UTF_8);
        for (String report : List.of(rejects, results)) {
            assertThat(report).doesNotContain("unreachable").doesNotContain("127.0.0.1").doesNotContain("Exception")
                    .doesNotContain("java.").doesNotContain("HTTP").contains("Belum terkirim: BPJS sedang tidak dapat dihubungi")
                    .contains("Not sent yet: BPJS could not be reached; an operator will send it again");
        }
        assertThat(rejects).contains("file #" + file.id() + ", row ");
    }
}
