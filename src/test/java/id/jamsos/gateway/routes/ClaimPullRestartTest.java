package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.RowState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static id.jamsos.gateway.routes.FinanceMessages.count;
import static id.jamsos.gateway.routes.FinanceMessages.takeUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway stops in the middle of pulling a listing; started again, it neither skips nor repeats. */
class ClaimPullRestartTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void aRestartInTheMiddleOfAPullNeitherSkipsNorRepeatsAClaim() throws Exception {
        DemoEnvironment env = gateways.startEnvironment();
        GatewayProperties props = env.gatewayProperties(Map.of(
                "jamsos.claims.pull.enabled", "true",
                "jamsos.claims.pull.intervalMs", "100",
                "jamsos.claims.pull.delayMs", "0",
                "jamsos.claims.pull.pageSize", "2"));
        List<String> niks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int publishedBeforeStop;
        try (Gateway first = Gateway.start(props, env.agencies())) {
            Path sample = gateways.dir().resolve("pull.csv");
            SampleWorkers.generate(sample, 10, 21L, 0);
            first.context().createProducerTemplate().sendBodyAndHeader(env.uploadUri(DemoEnvironment.KEY_AGENCY),
                    sample.toFile(), Exchange.FILE_NAME, "pull.csv");
            FileInfo file = await().atMost(Duration.ofSeconds(60)).until(() -> first.ledger()
                    .files(DemoEnvironment.KEY_AGENCY, 5).stream()
                    .filter(f -> f.fileName().equals("pull.csv") && f.state() == FileState.DONE).findFirst()
                    .orElse(null), f -> f != null);
            first.ledger().forEachRow(file.id(), r -> {
                if (r.state() == RowState.ENROLLED) {
                    niks.add(r.nik());
                }
            });
            assertThat(niks).hasSizeGreaterThanOrEqualTo(5);

            // Every page of the listing now takes a while, so the stop lands in the middle.
            env.simulator().faults().latencyMs(300);
            for (int i = 0; i < 10; i++) {
                ClaimNotice claim = env.simulator().jkkClaimFor(niks.get(i % niks.size()), 1_000_000L + i);
                env.simulator().addClaim(claim);
                ids.add("claim-" + claim.claimId());
            }
            FinanceLedger finance = first.context().getRegistry().lookupByNameAndType("financeLedger",
                    FinanceLedger.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> finance.publishedClaimCount() >= 2);
        }
        try (HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"), "sa", "", 1)) {
            publishedBeforeStop = new FinanceLedger(ds).publishedClaimCount();
        }
        assertThat(publishedBeforeStop).as("stopped in the middle").isBetween(2, 9);
        env.simulator().faults().latencyMs(0);

        try (Gateway second = Gateway.start(props, env.agencies());
             FinanceQueueReader reader = new FinanceQueueReader(env.broker().brokerUrl(),
                     props.get("jamsos.finance.queue"))) {
            var got = takeUntil(reader, g -> ids.stream().allMatch(id -> count(g, id) > 0),
                    Duration.ofSeconds(30), Duration.ofMillis(1500));
            for (String id : ids) {
                assertThat(count(got, id)).as(id).isEqualTo(1);
            }
            assertThat(got).hasSize(ids.size());
            ClaimPuller puller = second.context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
            assertThat(puller.watermark()).isNotEqualTo(props.get("jamsos.claims.pull.initialSince"));
        }
    }
}
