package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench eligibility} at a tiny N on PostgreSQL: the extract imported whole, found by the lookup. */
class EligibilityBenchSmokeTest {

    @TempDir
    Path files;

    @Test
    void importsTheGeneratedExtractAndFindsItsPeople() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.openOrSkip("s11bench_")) {
            StringWriter out = new StringWriter();
            CommandLine cmd = new CommandLine(new BenchCommand());
            cmd.setOut(new PrintWriter(out));
            int code = cmd.execute("eligibility", "--rows", "3000", "--ledger-url", pg.url(), "--ledger-user", "postgres",
                    "--files-dir", files.toString());
            assertThat(code).as(out.toString()).isZero();
            Map<String, String> v = BenchLine.parse(out.toString().lines()
                    .filter(l -> l.startsWith("scenario=eligibility ")).findFirst().orElseThrow());
            assertThat(v).containsEntry("rows", "3000").containsEntry("skipped", "0").containsEntry("ledger", "postgresql")
                    .containsEntry("lookup_found", "1000").containsKeys("seconds", "rows_per_s", "heap_peak_mb");
        }
    }
}
