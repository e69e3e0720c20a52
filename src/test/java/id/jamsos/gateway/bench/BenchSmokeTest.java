package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The e2e scenario end to end on a small file: completes and prints every key. No timing assertions. */
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
}
