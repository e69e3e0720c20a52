package id.jamsos.gateway.faults;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.ledger.RowState;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway processes (here two Camel contexts in one JVM) on one PostgreSQL ledger and one broker:
 * exactly one polls the inbox, both enroll; when the leader stops mid-way through ten files the
 * other takes over polling, and every row of every file ends once.
 */
class TwoNodesTest {

    private static final String INTAKE = "intake-" + DemoEnvironment.KEY_AGENCY;
    private static final int FILES = 10;
    private static final int ROWS = 150;

    @TempDir
    Path dir;

    @Test
    void theFollowerTakesOverPollingAndEveryRowEndsOnce() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.openOrSkip();
             DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"))) {
            env.simulator().faults().latencyMs(20);
            Gateway a = Gateway.start(node(env, db, "node-a"), env.agencies());
            Gateway b = null;
            try {
                b = Gateway.start(node(env, db, "node-b"), env.agencies());
                Gateway[] nodes = {a, b};
                await().atMost(Duration.ofSeconds(20)).until(() -> polling(a) != polling(nodes[1]));
                Gateway leader = polling(a) ? a : b;
                Gateway follower = leader == a ? b : a;
                Ledger ledger = follower.ledger();

                int expectedEnrolled = 0;
                try (CamelContext camel = new DefaultCamelContext()) {
                    camel.start();
                    for (int i = 0; i < FILES; i++) {
                        Path f = dir.resolve("batch-" + i + ".csv");
                        SampleSummary s = SampleWorkers.generate(f, ROWS, 1000L + i, 0);
                        expectedEnrolled += s.expectedAccepted();
                        camel.createProducerTemplate().sendBodyAndHeader(env.uploadUri(DemoEnvironment.KEY_AGENCY),
                                f.toFile(), Exchange.FILE_NAME, "batch-" + i + ".csv");
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> done(ledger) >= 2);
                int doneBefore = done(ledger);
                leader.close();
                if (leader == b) {
                    b = null;
                }
                System.out.println("[fault] leader stopped after " + doneBefore + " of " + FILES + " files");

                await().atMost(Duration.ofSeconds(30)).until(() -> polling(follower));
                await().atMost(Duration.ofSeconds(120)).until(() -> done(ledger) == FILES);

                List<FileInfo> files = ledger.files(DemoEnvironment.KEY_AGENCY, 100);
                int enrolled = files.stream().mapToInt(f -> ledger.rowCounts(f.id()).get(RowState.ENROLLED)).sum();
                System.out.println("[fault] follower took over; files=" + files.size() + " enrolled=" + enrolled
                        + " maxTimesAnyNikEnrolled=" + env.simulator().stats().maxTimesAnyNikEnrolled());
                assertThat(files).hasSize(FILES).allSatisfy(f -> assertThat(f.state()).isEqualTo(FileState.DONE));
                assertThat(enrolled).isEqualTo(expectedEnrolled);
                assertThat(env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
                assertThat(env.simulator().stats().enrolledWorkers()).isEqualTo(expectedEnrolled);
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }
    }

    private static GatewayProperties node(DemoEnvironment env, PostgresTestDatabase db, String name) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("jamsos.ledger.url", db.url());
        p.put("jamsos.ledger.user", db.user());
        p.put("jamsos.cluster.memberId", name);
        p.put("jamsos.cluster.leaseSeconds", "3");
        p.put("jamsos.cluster.renewSeconds", "1");
        p.put("jamsos.work.dir", env.dir().resolve("work-" + name).toString());
        p.put("jamsos.bpjs.batchSize", "10");
        p.put("jamsos.enroller.concurrency", "2");
        try (ServerSocket s = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            p.put("camel.server.port", String.valueOf(s.getLocalPort()));
            p.put("camel.management.port", String.valueOf(m.getLocalPort()));
        }
        return env.gatewayProperties(p);
    }

    private static boolean polling(Gateway g) {
        ServiceStatus status = g.context().getRouteController().getRouteStatus(INTAKE);
        return status != null && status.isStarted();
    }

    private static int done(Ledger ledger) {
        return (int) ledger.files(DemoEnvironment.KEY_AGENCY, 100).stream().filter(f -> f.state() == FileState.DONE).count();
    }

    private static void closeQuietly(Gateway g) {
        if (g != null) {
            try {
                g.close();
            } catch (RuntimeException ignored) {
                // Already closed as the test's fault.
            }
        }
    }
}
