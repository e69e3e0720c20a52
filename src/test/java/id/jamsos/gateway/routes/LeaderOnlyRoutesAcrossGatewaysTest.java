package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one ledger: the monthly statement and the claims pull run on the process that leads
 * jamsos-intake only, so a month's statement is not published twice and BPJS is not asked twice per
 * interval; when the leader stops, the other takes them over. A route switched off in the settings
 * stays stopped on the leader too. Before, both ran on every replica.
 */
class LeaderOnlyRoutesAcrossGatewaysTest {

    private static final String STATEMENTS = "statements-monthly";
    private static final String PULL = "claim-pull";
    private static final List<String> LEADER_ONLY = List.of(STATEMENTS, PULL);

    @TempDir
    Path dir;

    @Test
    void onlyTheLeaderRunsThemAndTheOtherTakesThemOver() throws Exception {
        try (TwoGateways gateways = TwoGateways.start(dir.resolve("env"), settings("true", "true"))) {
            Gateway leader = awaitOneLeader(gateways);
            Gateway other = leader == gateways.one ? gateways.two : gateways.one;
            for (String route : LEADER_ONLY) {
                assertThat(status(leader, route)).as(route + " on the leader").isEqualTo(ServiceStatus.Started);
                assertThat(status(other, route)).as(route + " on the other").isEqualTo(ServiceStatus.Stopped);
            }

            leader.close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> LEADER_ONLY.stream().allMatch(r -> status(other, r) == ServiceStatus.Started));
            System.out.println("[fault] leader stopped; the other gateway runs " + LEADER_ONLY);
        }
    }

    @Test
    void aRouteSwitchedOffStaysStoppedOnTheLeader() throws Exception {
        try (TwoGateways gateways = TwoGateways.start(dir.resolve("env"), settings("true", "false"))) {
            Gateway leader = awaitOneLeader(gateways);
            Gateway other = leader == gateways.one ? gateways.two : gateways.one;
            // A few renewals and reconciliations later, still so.
            Thread.sleep(3_000);
            assertThat(status(leader, STATEMENTS)).isEqualTo(ServiceStatus.Started);
            assertThat(status(leader, PULL)).as("switched off, on the leader").isEqualTo(ServiceStatus.Stopped);
            assertThat(status(other, PULL)).isEqualTo(ServiceStatus.Stopped);

            leader.close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(other, STATEMENTS) == ServiceStatus.Started);
            Thread.sleep(3_000);
            assertThat(status(other, PULL)).as("switched off, on the new leader").isEqualTo(ServiceStatus.Stopped);
        }
    }

    /**
     * Both routes on, their timers far off: what is tested is where they run, not what they do. A short
     * lease, so that the other takes over within seconds.
     */
    private static Map<String, String> settings(String statements, String pull) {
        Map<String, String> p = new HashMap<>();
        p.put("jamsos.cluster.leaseSeconds", "3");
        p.put("jamsos.cluster.renewSeconds", "1");
        p.put("jamsos.statements.enabled", statements);
        p.put("jamsos.statements.delayMs", "3600000");
        p.put("jamsos.claims.pull.enabled", pull);
        p.put("jamsos.claims.pull.delayMs", "3600000");
        return p;
    }

    /** The gateway running the statement route, once exactly one does. */
    private static Gateway awaitOneLeader(TwoGateways gateways) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> started(gateways.one) != started(gateways.two));
        return started(gateways.one) ? gateways.one : gateways.two;
    }

    private static boolean started(Gateway g) {
        return status(g, STATEMENTS) == ServiceStatus.Started;
    }

    private static ServiceStatus status(Gateway g, String routeId) {
        return g.context().getRouteController().getRouteStatus(routeId);
    }
}
