package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reads in the log without DEBUG: where the gateway really listens, when a file
 * is done and with what, where its reports went, which rows were parked and why, and when a failed
 * delivery comes back. None of it with a NIK.
 */
class OperatorLogTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void startFileDoneReportsParkedRowsAndRetriesAreLoggedAtInfoOrWarn() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        LogCapture log = gateways.closeAfterwards(LogCapture.attach());
        GatewayFixture fx = gateways.start(Map.of(
                "camel.server.port", "0",
                // Nothing listens on port 9: every delivery fails, and after 3 the rows are parked.
                "jamsos.bpjs.url", "http://127.0.0.1:9",
                "jamsos.delivery.maxAttempts", "3",
                "jamsos.delivery.redeliveryDelayMs", "40",
                "jamsos.delivery.maxRedeliveryDelayMs", "60"));
        String started = only(log, "gateway started");
        Matcher m = Pattern.compile("claim callback http://127\\.0\\.0\\.1:(\\d+)/api/bpjs/klaim, operators "
                + "http://127\\.0\\.0\\.1:(\\d+)/ops").matcher(started);
        assertThat(m.find()).as(started).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(port).isPositive();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ops/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("the printed address answers").isEqualTo(200);

        Path sample = gateways.dir().resolve("ops.csv");
        var expected = SampleWorkers.generate(sample, 12, 9L, 4);
        fx.upload(agency, sample, "ops.csv");
        FileInfo file = fx.awaitFinal(agency, "ops.csv", Duration.ofSeconds(60));

        assertThat(only(log, "file #" + file.id() + " ops.csv of agency " + agency + " done"))
                .contains("INFO").contains("12 rows").contains("rejected " + expected.expectedRejected())
                .contains("parked " + expected.expectedAccepted());
        assertThat(only(log, "reports of file #" + file.id())).contains("INFO")
                .contains("for agency " + agency + " to sftp://" + agency + "@127.0.0.1:" + fx.env.sftp().port() + "/outbox")
                .contains("ops.csv.results.csv, ops.csv.rejects.csv");
        List<String> parked = all(log, "of file #" + file.id() + " parked");
        assertThat(parked).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("INFO").contains("unreachable"));
        assertThat(parked.stream().mapToInt(l -> Integer.parseInt(l.replaceAll("^.* - (\\d+) row.*$", "$1"))).sum())
                .isEqualTo(expected.expectedAccepted());
        List<String> retries = all(log, "not delivered (failed, 1 of 3");
        assertThat(retries).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("WARN")
                .contains("redelivered by the broker in about 40 ms"));
        assertThat(all(log, "not delivered (failed, 2 of 3")).allSatisfy(l -> assertThat(l)
                .contains("redelivered by the broker in about 60 ms"));

        List<String> niks = Files.readAllLines(sample).stream().skip(1)
                .map(l -> l.split("[;,]")[0].replaceAll("\\D", "")).filter(n -> n.length() == 16).toList();
        assertThat(niks).isNotEmpty();
        for (String line : log.lines()) {
            for (String nik : niks) {
                assertThat(line).doesNotContain(nik);
            }
        }
    }

    private static List<String> all(LogCapture log, String part) {
        // The capture hears an event once per logger it hangs on: one line per event is enough here.
        return log.lines().stream().filter(l -> l.contains(part)).distinct().toList();
    }

    private static String only(LogCapture log, String part) {
        List<String> lines = all(log, part);
        assertThat(lines).as("log lines with \"" + part + "\"").hasSize(1);
        return lines.get(0);
    }
}
