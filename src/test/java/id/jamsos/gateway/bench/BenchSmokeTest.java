package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The e2e and claims scenarios end to end, small: complete and print every key. No timing assertions. */
class BenchSmokeTest {

    @Test
    void e2eOnTwoHundredRowsPrintsALineWithAllKeys(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new BenchCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("e2e", "--rows", "200", "--latency-ms", "0", "--dir", dir.toString());
        assertThat(code).isZero();
        String line = out.toString().lines().filter(l -> l.startsWith("scenario=e2e")).findFirst().orElseThrow();
        Map<String, String> v = BenchLine.parse(line);
        assertThat(v).containsKeys("rows", "state", "enrolled", "rejected", "pending", "latency_ms", "concurrency",
                "batch", "seconds", "rows_per_s", "bound_rows_per_s", "heap_peak_mb", "old_peak_mb",
                "bound_fraction", "gateway_start_ms");
        assertThat(v).containsEntry("rows", "200").containsEntry("state", "DONE").containsEntry("pending", "0");
    }

    @Test
    void claimsWithAWarmUpPutsEveryCallbackOnTheFinanceQueueAndPrintsBothPaths(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new BenchCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("claims", "--count", "60", "--warmup-count", "20", "--clients", "3",
                "--latency-ms", "0", "--dir", dir.toString());
        assertThat(code).isZero();
        Map<String, String> gateway = BenchLine.parse(out.toString().lines()
                .filter(l -> l.contains("path=gateway_callback")).findFirst().orElseThrow());
        Map<String, String> plain = BenchLine.parse(out.toString().lines()
                .filter(l -> l.contains("path=plain_jms")).findFirst().orElseThrow());
        // the measured 60, not the warm-up's 20: every callback answered 200 and its message was on the queue
        assertThat(gateway).containsEntry("count", "60").containsEntry("warmup", "20")
                .containsEntry("http_200", "60").containsEntry("on_finance_queue", "60")
                .containsKeys("seconds", "acked_seconds", "msgs_per_s", "cpu_ms_per_msg", "heap_peak_mb");
        assertThat(plain).containsEntry("count", "60")
                .containsKeys("seconds", "msgs_per_s", "cpu_ms_per_msg", "ratio_gateway_to_plain");
    }

    /**
     * The statement scenario on PostgreSQL at a tiny N, in a schema of its own: every planted difference
     * found, the figures checked, time and heap printed (skipped where PostgreSQL does not answer,
     * failed under CI=true).
     */
    @Test
    void statementOnFiftyWorkersFindsThePlantedDifferences() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.openOrSkip()) {
            StringWriter out = new StringWriter();
            CommandLine cmd = new CommandLine(new BenchCommand());
            cmd.setOut(new PrintWriter(out));
            int code = cmd.execute("statement", "--rows", "50", "--ledger-url", pg.url(), "--ledger-user", "postgres");
            assertThat(code).isZero();
            Map<String, String> v = BenchLine.parse(out.toString().lines()
                    .filter(l -> l.startsWith("scenario=statement ")).findFirst().orElseThrow());
            assertThat(v).containsEntry("workers", "50").containsEntry("covered", "45")
                    .containsEntry("differences", "20").containsEntry("listed", "20").containsEntry("checks", "ok")
                    .containsEntry("sources", "3").containsKeys("seconds", "heap_peak_mb", "old_peak_mb", "total_rp");
        }
    }
}
