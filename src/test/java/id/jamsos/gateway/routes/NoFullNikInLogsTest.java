package id.jamsos.gateway.routes;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the gateway end to end through every path that logs (accepted, rejected, duplicate and
 * refused files, retries and parking, replay, claims for known and unknown workers) and fails on
 * any 16-digit number in the log output: a NIK must only ever appear masked.
 */
class NoFullNikInLogsTest {

    static final Pattern SIXTEEN_DIGITS = Pattern.compile("(?<!\\d)\\d{16}(?!\\d)");

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void noLogLineHoldsASixteenDigitNumber() throws Exception {
        Configurator.setLevel("id.jamsos", Level.DEBUG);
        try {
            LogCapture logs = gateways.closeAfterwards(LogCapture.attach());
            GatewayFixture fx = gateways.start(GatewayExtension.settings(GatewayExtension.PARK_QUICKLY, "jamsos.ops.token", "t"));
            String agency = DemoEnvironment.PASSWORD_AGENCY;
            Path good = gateways.dir().resolve("good.csv");
            SampleWorkers.generate(good, 30, 7L, 4);
            fx.upload(agency, good, "good.csv");
            FileInfo done = fx.awaitFinal(agency, "good.csv", Duration.ofSeconds(60));
            fx.upload(agency, good, "good-again.csv");
            fx.awaitFinal(agency, "good-again.csv", Duration.ofSeconds(60));

            Path garbage = gateways.dir().resolve("garbage.csv");
            Files.writeString(garbage, "this is not\u0000 a worker list 9271010101900001\n", StandardCharsets.UTF_8);
            fx.upload(agency, garbage, "garbage.csv");
            fx.awaitFinal(agency, "garbage.csv", Duration.ofSeconds(60));

            fx.env.simulator().faults().errorRate(1.0);
            Path outage = gateways.dir().resolve("outage.csv");
            SampleWorkers.generate(outage, 12, 8L, 5);
            fx.upload(DemoEnvironment.KEY_AGENCY, outage, "outage.csv");
            FileInfo parked = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "outage.csv", Duration.ofSeconds(60));
            fx.env.simulator().faults().errorRate(0.0);
            new OpsHttp(fx.env.httpPort()).post("/ops/files/" + parked.id() + "/replay", OpsHttp.bearer("t"), "replay");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    fx.gateway.ledger().file(parked.id()).orElseThrow().state() == FileState.DONE
                            && fx.gateway.ledger().rowCounts(parked.id()).get(RowState.PARKED) == 0);

            List<String> niks = new ArrayList<>();
            fx.gateway.ledger().forEachRow(done.id(), r -> {
                if (r.state() == RowState.ENROLLED && niks.isEmpty()) {
                    niks.add(r.nik());
                }
            });
            ClaimNotice known = fx.env.simulator().jkmClaimFor(niks.get(0));
            fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), known);
            ClaimNotice unknown = new ClaimNotice("JKM-UNKNOWN-1", "JKM", null, "9271014107900001", known.amount(),
                    known.components(), known.paidAt(), known.beneficiary());
            fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), unknown);

            List<String> leaks = logs.lines().stream().filter(l -> SIXTEEN_DIGITS.matcher(l).find()).toList();
            assertThat(logs.lines()).hasSizeGreaterThan(10);
            assertThat(leaks).as("log lines with a 16-digit number").isEmpty();
        } finally {
            Configurator.setLevel("id.jamsos", Level.INFO);
        }
    }
}
