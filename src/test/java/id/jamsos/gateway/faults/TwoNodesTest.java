package id.jamsos.gateway.faults;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.TwoGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void theFollowerTakesOverPollingAndEveryRowEndsOnce() throws Exception {
        TwoGateways nodes = gateways.startTwo(Map.of(
                "jamsos.cluster.leaseSeconds", "3",
                "jamsos.cluster.renewSeconds", "1",
                "jamsos.bpjs.batchSize", "10",
                "jamsos.enroller.concurrency", "2"));
        DemoEnvironment env = nodes.env;
        env.simulator().faults().latencyMs(20);
        Gateway a = nodes.one;
        Gateway b = nodes.two;
        await().atMost(Duration.ofSeconds(20)).until(() -> polling(a) != polling(b));
        Gateway leader = polling(a) ? a : b;
        Gateway follower = leader == a ? b : a;
        Ledger ledger = follower.ledger();

        int expectedEnrolled = 0;
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            for (int i = 0; i < FILES; i++) {
                Path f = gateways.dir().resolve("batch-" + i + ".csv");
                SampleSummary s = SampleWorkers.generate(f, ROWS, 1000L + i, 0);
                expectedEnrolled += s.expectedAccepted();
                camel.createProducerTemplate().sendBodyAndHeader(env.uploadUri(DemoEnvironment.KEY_AGENCY),
                        f.toFile(), Exchange.FILE_NAME, "batch-" + i + ".csv");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> done(ledger) >= 2);
        int doneBefore = done(ledger);
        nodes.stop(leader);
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
    }

    private static boolean polling(Gateway g) {
        ServiceStatus status = g.context().getRouteController().getRouteStatus(INTAKE);
        return status != null && status.isStarted();
    }

    private static int done(Ledger ledger) {
        return (int) ledger.files(DemoEnvironment.KEY_AGENCY, 100).stream().filter(f -> f.state() == FileState.DONE).count();
    }
}
