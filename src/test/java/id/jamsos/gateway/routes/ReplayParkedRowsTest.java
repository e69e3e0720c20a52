package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rows parked while the endpoint failed are enrolled after an operator replays them over /ops. */
class ReplayParkedRowsTest {

    static final String TOKEN = "replay-test-token";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(
            GatewayExtension.settings(GatewayExtension.PARK_QUICKLY, "jamsos.ops.token", TOKEN));
    static OpsHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new OpsHttp(fx.env().httpPort());
    }

    @Test
    void replayQueuesTheParkedRowsAgainAndTheyAreEnrolled() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("outage.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 40, 11L, 8);
        fx.env().simulator().faults().errorRate(1.0);
        fx.upload(agency, sample, "outage.csv");
        FileInfo parkedFile = fx.awaitFinal(agency, "outage.csv", Duration.ofSeconds(60));
        assertThat(fx.gateway().ledger().rowCounts(parkedFile.id()).get(RowState.PARKED))
                .isEqualTo(expected.expectedAccepted());

        fx.env().simulator().faults().errorRate(0.0);
        HttpResponse<String> replay = http.post("/ops/files/" + parkedFile.id() + "/replay", OpsHttp.bearer(TOKEN),
                "replay");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"queued\":" + expected.expectedAccepted());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(parkedFile.id()).get(RowState.ENROLLED) == expected.expectedAccepted());
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(parkedFile.id());
        assertThat(counts.get(RowState.PARKED)).isZero();
        assertThat(counts.get(RowState.PENDING)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                fx.gateway().ledger().file(parkedFile.id()).orElseThrow().state() == FileState.DONE);

        // Nothing left to replay: a second press changes nothing.
        HttpResponse<String> again = http.post("/ops/files/" + parkedFile.id() + "/replay", OpsHttp.bearer(TOKEN),
                "replay");
        assertThat(again.body()).contains("\"queued\":0");
        assertThat(http.post("/ops/files/999999/replay", OpsHttp.bearer(TOKEN), "replay").statusCode()).isEqualTo(404);
    }
}
