package id.jamsos.gateway.security;

import id.jamsos.gateway.cli.ValidateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 3,000 seeded files (valid ones mutated byte-wise, line-wise and structurally, plus pure noise)
 * through {@code validate} in process: every one ends with exit 0, 1 or 2 and a message, never a
 * stack trace, a hang (5 s per file) or an OutOfMemoryError.
 */
class ValidateFuzzTest {

    static final int FILES = 3_000;
    static final long SEED = 20240508L;

    @TempDir
    Path dir;

    @Test
    void thousandsOfMutatedFilesEndWithACodeAndAMessage() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = FuzzFiles.seeds(dir, SEED);
        ExecutorService single = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < FILES; i++) {
                byte[] bytes = FuzzFiles.mutate(seeds.get(random.nextInt(seeds.size())), random);
                String ext = random.nextInt(10) == 0 ? ".txt" : ".csv";
                Path file = dir.resolve("f" + (i % 50) + ext);
                Files.write(file, bytes);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                Future<Integer> run = single.submit(() -> {
                    CommandLine cmd = new CommandLine(new ValidateCommand());
                    cmd.setOut(new PrintWriter(out));
                    cmd.setErr(new PrintWriter(err));
                    return cmd.execute(file.toString());
                });
                int code;
                try {
                    code = run.get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    run.cancel(true);
                    throw new AssertionError("file " + i + " (seed " + SEED + ") hung", e);
                }
                String all = out + "" + err;
                assertThat(code).as("file %d: %s", i, all).isIn(0, 1, 2);
                assertThat(all).as("file %d", i).isNotBlank()
                        .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("OutOfMemoryError");
                // Bounded total: the point is breadth, not a soak test.
                assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(90));
            }
        } finally {
            single.shutdownNow();
        }
    }
}
