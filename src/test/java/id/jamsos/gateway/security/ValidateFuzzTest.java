package id.jamsos.gateway.security;

import id.jamsos.gateway.cli.ValidateCommand;
import id.jamsos.gateway.demo.SampleWorkers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path s = dir.resolve("seed" + i + ".csv");
            SampleWorkers.generate(s, 20 + i * 10, SEED + i, i == 0 ? 0 : 3);
            seeds.add(Files.readAllBytes(s));
        }
        ExecutorService single = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < FILES; i++) {
                byte[] bytes = mutate(seeds.get(random.nextInt(seeds.size())), random);
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

    private static byte[] mutate(byte[] seed, Random r) {
        switch (r.nextInt(8)) {
            case 0 -> {
                byte[] b = seed.clone();
                for (int k = 0; k < 1 + r.nextInt(20); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
            }
            case 2 -> {
                byte[] noise = new byte[r.nextInt(4096)];
                r.nextBytes(noise);
                return noise;
            }
            case 3 -> {
                String text = new String(seed, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                StringBuilder sb = new StringBuilder();
                for (String line : lines) {
                    int op = r.nextInt(6);
                    if (op == 0) {
                        continue;
                    }
                    sb.append(op == 1 ? line + line : op == 2 ? line.replace(',', ';') : op == 3 ? "\"" + line : line)
                            .append(r.nextBoolean() ? "\n" : "\r\n");
                }
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                String quotes = "\"".repeat(r.nextInt(50)) + "NIK,NAMA\n" + ",".repeat(r.nextInt(20_000));
                return quotes.getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xFE};
                byte[] b = new byte[seed.length + 5];
                System.arraycopy(bom, 0, b, 0, 5);
                System.arraycopy(seed, 0, b, 5, seed.length);
                return b;
            }
            case 6 -> {
                // A zip-looking prefix on CSV bytes: the type sniffing must not be fooled into a crash.
                byte[] b = seed.clone();
                b[0] = 'P';
                b[1] = 'K';
                b[2] = 3;
                b[3] = 4;
                return b;
            }
            default -> {
                return new byte[0];
            }
        }
    }
}
