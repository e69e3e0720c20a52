package id.jamsos.gateway.faults;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.GatewayProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the gateway process in the middle of a 5,000-row file, then a fresh start on the same
 * ledger, broker and SFTP server: every row ends in one final state, and the endpoint saw no worker
 * enrolled twice. The gateway runs as a separate JVM ({@code run --config DIR}), the way operators
 * run it, on a PostgreSQL ledger; the SFTP server, broker and simulator stay up in this JVM.
 */
class GatewayCrashTest {

    private static final int ROWS = 5000;
    private static final int BATCH = 25;

    @TempDir
    Path dir;

    @Test
    void aGatewayKilledMidFileFinishesItAfterARestartWithEveryRowOnce() throws Exception {
        // The production ledger, PostgreSQL, in a schema of its own; both processes and this test share it.
        try (PostgresTestDatabase db = PostgresTestDatabase.openOrSkip();
             DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"))) {
            LedgerMigrations.migrate(db.dataSource());
            Ledger ledger = new Ledger(db.dataSource());
            Path config = writeConfig(env, db);
            // A slow endpoint (5 jobs a second with two enrollers), as BPJS at the agreed rate: at the restart
            // most of the file's jobs are still waiting on the queue.
            env.simulator().faults().latencyMs(400);
            Path sample = dir.resolve("crash.csv");
            var expected = SampleWorkers.generate(sample, ROWS, 99L, 20);

            try (GatewayProcess first = GatewayProcess.start(config, "crash-test-gateway-1")) {
                GatewayProcess.upload(env, sample, "crash.csv");
                // Killed while the intake is still putting the file's jobs on the broker: the restart must
                // resume the intake, and send again only what never reached the queue.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> file(ledger)
                        .map(f -> f.state() != FileState.RECEIVING
                                || recorded(ledger.rowCounts(f.id())) >= ROWS * 3 / 5).orElse(false));
                first.kill();
                FileInfo atKill = file(ledger).orElseThrow();
                Map<RowState, Integer> countsAtKill = ledger.rowCounts(atKill.id());
                long requestsAtKill = env.simulator().stats().enrollmentRequests();
                System.out.println("[fault] gateway killed (SIGKILL) during intake: file " + atKill.state() + ", "
                        + recorded(countsAtKill) + " of " + ROWS + " rows recorded, " + countsAtKill.get(RowState.ENROLLED)
                        + " enrolled, " + requestsAtKill + " enrollment requests so far");
                assertThat(atKill.state()).as("killed during intake").isEqualTo(FileState.RECEIVING);
                assertThat(recorded(countsAtKill)).isLessThan(ROWS);

                try (GatewayProcess second = GatewayProcess.start(config, "crash-test-gateway-2")) {
                    FileInfo done = await().atMost(Duration.ofSeconds(180)).until(() -> file(ledger).orElse(null),
                            f -> f != null && f.state() == FileState.DONE);
                    Map<RowState, Integer> counts = ledger.rowCounts(done.id());
                    System.out.println("[fault] after restart: rows=" + done.totalRows() + " counts=" + counts
                            + " maxTimesAnyNikEnrolled=" + env.simulator().stats().maxTimesAnyNikEnrolled()
                            + " enrolledAtEndpoint=" + env.simulator().stats().enrolledWorkers());
                    assertThat(done.totalRows()).isEqualTo(ROWS);
                    assertThat(counts.get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
                    assertThat(counts.get(RowState.REJECTED)).isEqualTo(expected.expectedRejected());
                    assertThat(counts.get(RowState.PENDING) + counts.get(RowState.PARKED) + counts.get(RowState.REFUSED)).isZero();
                    assertThat(env.simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);
                    assertThat(env.simulator().stats().enrolledWorkers()).isEqualTo(expected.expectedAccepted());
                    assertThat(env.outbox(DemoEnvironment.KEY_AGENCY).resolve("crash.csv.results.csv")).exists();
                    // A job is BATCH accepted rows; each was needed once. What the crash may cost: the job
                    // being queued at the kill and the jobs the enrollers held, sent again.
                    long minimum = (expected.expectedAccepted() + BATCH - 1) / BATCH;
                    long requests = env.simulator().stats().enrollmentRequests();
                    System.out.println("[fault] enrollment requests: " + requests + " for a minimum of " + minimum + " ("
                            + String.format("%+.1f", 100.0 * (requests - minimum) / minimum) + " %)");
                    assertThat(requests).isBetween(minimum, minimum + minimum / 20);
                }
            }
        }
    }

    private static int recorded(Map<RowState, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private Optional<FileInfo> file(Ledger ledger) {
        return ledger.files(DemoEnvironment.KEY_AGENCY, 5).stream().filter(f -> f.fileName().equals("crash.csv")).findFirst();
    }

    private Path writeConfig(DemoEnvironment env, PostgresTestDatabase db) throws IOException {
        GatewayProperties props = env.gatewayProperties(Map.of(
                "jamsos.ledger.url", db.url(),
                "jamsos.ledger.user", db.user(),
                "jamsos.bpjs.batchSize", String.valueOf(BATCH),
                "jamsos.bpjs.maxRequestsPerSecond", "0",
                "jamsos.enroller.concurrency", "2",
                "jamsos.delivery.redeliveryDelayMs", "200",
                // run refuses the demo's public callback secret; this test sends no callback.
                "jamsos.callback.secret", "crash-test-callback-secret-7Qm2Xv9Kp4Lz",
                "jamsos.agencies.file", "agencies.yaml"));
        return GatewayProcess.writeConfig(dir, env, props, "GatewayCrashTest");
    }
}
