package id.jamsos.gateway.faults;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static id.jamsos.gateway.routes.FinanceMessages.count;
import static id.jamsos.gateway.routes.FinanceMessages.takeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker is down while BPJS reports paid claims: the callbacks are still answered 200 (the
 * claims wait in the ledger's outbox) and every claim reaches the finance queue once, when the
 * broker is back.
 */
class BrokerDownClaimsTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    /**
     * With failover the outbox's send waits for the broker; with a plain tcp URL every attempt fails,
     * is rolled back, and is tried again (backing off) until the broker answers.
     */
    @ParameterizedTest(name = "failover transport: {0}")
    @ValueSource(booleans = {true, false})
    void claimsReportedWhileTheBrokerIsDownAreAcceptedAndPublishedOnceItIsBack(boolean failover) throws Exception {
        GatewayFixture fx = gateways.startWith(env -> Map.of(
                "jamsos.broker.url", failover
                        ? "failover:(" + env.broker().brokerUrl() + ")?initialReconnectDelay=100&maxReconnectDelay=500"
                        : env.broker().brokerUrl(),
                "jamsos.finance.publishIntervalMs", "100"));
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "down.csv", 6, 5L);
        List<String> niks = fx.enrolledNiks(file.id());
        FinanceLedger finance = fx.gateway.context().getRegistry().lookupByNameAndType("financeLedger",
                FinanceLedger.class);

        fx.env.broker().stop();
        String url = fx.env.callbackUrl(fx.props);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClaimNotice claim = fx.env.simulator().jkkClaimFor(niks.get(i % niks.size()), 2_000_000L + i);
            assertThat(fx.env.simulator().fireClaim(url, claim)).as("callback with the broker down").isEqualTo(200);
            ids.add("claim-" + claim.claimId());
        }
        assertThat(finance.unpublishedClaimCount()).as("waiting in the outbox").isEqualTo(4);
        System.out.println("[fault] broker down (failover " + failover
                + "): 4 callbacks answered 200, 4 claims in the outbox");

        fx.env.broker().restart();
        try (FinanceQueueReader reader = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            var got = takeUntil(reader, g -> ids.stream().allMatch(id -> count(g, id) > 0),
                    Duration.ofSeconds(60), Duration.ofMillis(1500));
            for (String id : ids) {
                assertThat(count(got, id)).as(id).isEqualTo(1);
            }
            assertThat(got).hasSize(ids.size());
        }
        assertThat(finance.unpublishedClaimCount()).isZero();
    }
}
