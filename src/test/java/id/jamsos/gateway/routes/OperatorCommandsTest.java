package id.jamsos.gateway.routes;

import id.jamsos.gateway.support.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator commands `status` and `replay`, run in-process as an operator would run them next to a
 * running gateway: the same config folder, the same ledger and broker, no routes of their own.
 */
class OperatorCommandsTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(GatewayExtension.PARK_QUICKLY);
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        config = Files.createDirectories(fx.dir().resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props().asProperties().store(w, "written by OperatorCommandsTest");
        }
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void statusShowsTheParkedRowsAndReplayGetsThemEnrolled() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("cli-outage.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 30, 21L, 10);
        fx.env().simulator().faults().errorRate(1.0);
        fx.upload(agency, sample, "cli-outage.csv");
        FileInfo file = fx.awaitFinal(agency, "cli-outage.csv", Duration.ofSeconds(60));
        int parked = expected.expectedAccepted();
        assertThat(fx.gateway().ledger().rowCounts(file.id()).get(RowState.PARKED)).isEqualTo(parked);

        CliRun status = run("status", "--file", String.valueOf(file.id()), "--config", config.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out());
        JsonNode shown = json.path("files").get(0);
        assertThat(shown.path("id").asLong()).isEqualTo(file.id());
        assertThat(shown.path("counts").path("PARKED").asInt()).isEqualTo(parked);
        assertThat(shown.path("counts").path("REJECTED").asInt()).isEqualTo(expected.expectedRejected());
        assertThat(json.path("brokerReachable").asBoolean()).isTrue();
        assertThat(json.path("queues").findValuesAsText("name")).contains("jamsos.enrollment", "DLQ.jamsos.enrollment");
        assertThat(json.path("endpointCircuit").path("available").asBoolean()).isFalse();

        CliRun text = run("status", "--config", config.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("cli-outage.csv", "parked=" + parked, "DLQ.jamsos.enrollment",
                "not available offline");

        // With the enroller held, replay's own effect is visible: the rows are PENDING again and queued.
        fx.gateway().context().getRouteController().stopRoute("enroller");
        try {
            CliRun replay = run("replay", "--file", String.valueOf(file.id()), "--config", config.toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains(parked + " rows queued again");
            Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
            assertThat(counts.get(RowState.PENDING)).isEqualTo(parked);
            assertThat(counts.get(RowState.PARKED)).isZero();
        } finally {
            fx.env().simulator().faults().errorRate(0.0);
            startEnroller();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(file.id()).get(RowState.ENROLLED) == parked);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                fx.gateway().ledger().file(file.id()).orElseThrow().state() == FileState.DONE);

        // Nothing is parked any more: replaying everything again is a no-op.
        CliRun again = run("replay", "--all-parked", "--config", config.toString(), "--json");
        assertThat(again.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).path("queued").asInt()).isZero();
        assertThat(fx.gateway().ledger().rowCounts(file.id()).get(RowState.ENROLLED)).isEqualTo(parked);

        // The workers the replay enrolled are covered from this month, and next month too (no cover
        // ended): the only file of this class that enrolls anybody is this one.
        JsonNode cover = new ObjectMapper().readTree(run("status", "--config", config.toString(), "--json").out())
                .path("coverage");
        assertThat(cover.path("coveredWorkers").asLong()).isEqualTo(parked);
        assertThat(cover.path("coveredNextMonth").asLong()).isEqualTo(parked);
        assertThat(run("status", "--config", config.toString()).out())
                .contains("Pekerja ditanggung / workers covered: " + cover.path("month").asText());
    }

    @Test
    void replayNeedsEitherAFileOrAllParked() {
        assertThat(run("replay", "--config", config.toString()).exitCode()).isEqualTo(2);
        assertThat(run("replay", "--file", "1", "--all-parked", "--config", config.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void unknownFilesAreReportedNotInvented() {
        CliRun replay = run("replay", "--file", "987654", "--config", config.toString());
        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.out()).contains("FAILED", "no file 987654");
        CliRun status = run("status", "--file", "987654", "--config", config.toString());
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("no file 987654");
    }

    private static void startEnroller() {
        try {
            fx.gateway().context().getRouteController().startRoute("enroller");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
