package id.jamsos.gateway.security;

import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileValidationSummary;
import id.jamsos.gateway.validation.LargeHostileFiles;
import id.jamsos.gateway.validation.LargeHostileFiles.Shape;
import id.jamsos.gateway.validation.ValidationSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #14, "the fuzz tests extend to large files (memory)": a seeded mix of large files shaped to
 * fill a heap ({@link LargeHostileFiles}: millions of short distinct shared strings, a few huge ones,
 * inline strings, wide and sparse rows, many sheets, millions of duplicate CSV rows, CSV rows at the
 * line limit, a column repeated, UTF-16, an unclosed quote), each written by streaming, then validated
 * one after the other in a JVM of their own at {@value #HEAP} with {@code -XX:+ExitOnOutOfMemoryError}
 * (as the gateway runs), through {@link AgencyFileValidator#summarize} as the {@code validate} command
 * calls it. The child prints one line per file; every file must end refused with a code its shape
 * allows or read to a row count, the child must exit 0 (not 3, the exit of an OutOfMemoryError), and a
 * small good file validated last in the same JVM must still be accepted.
 *
 * <p>The limits are production's scaled to the heap as {@code routes/OneFileMemoryTest} scales them
 * (production: 64 MiB of strings in 512 MiB): 16 MiB of shared strings, 250,000 rows, 64 MiB a file.
 * The sizes are drawn so that without the bounds most shapes need several times the child's heap
 * (POI's table for 3 million strings: some 200 MB).
 *
 * <p>{@code -Djamsos.fuzz.seed=S} (default 20261202) and {@code -Djamsos.fuzz.memoryFiles=N} (default
 * {@value #DEFAULT_FILES}: each shape once, in a seeded order; more repeat them with other sizes).
 */
class MemoryFuzzTest {

    static final String HEAP = "-Xmx128m";
    static final int DEFAULT_FILES = 11;
    static final long SEED = Long.getLong("jamsos.fuzz.seed", 20261202L);
    static final int FILES = Integer.getInteger("jamsos.fuzz.memoryFiles", DEFAULT_FILES);
    /** Generous: a file that takes this long hangs (a run of the default mix takes well under a minute idle). */
    static final long SECONDS_PER_FILE = 120;

    static final long STRINGS_MIB = 16;
    static final long MAX_ROWS = 250_000;
    static final long MAX_FILE_MIB = 64;

    /**
     * How each shape may end: the codes a refusal may carry, and whether it may be read to a row count.
     * {@code FILE_TOO_LARGE} (the file cap, also a memory bound for what follows) is allowed for every
     * shape, since some seeds draw sizes past the child's 64 MiB.
     */
    private record Allowed(Set<String> codes, boolean mayBeRead) {
        static Allowed refused(String... codes) {
            return new Allowed(Set.of(codes), false);
        }

        static Allowed readOr(String... codes) {
            return new Allowed(Set.of(codes), true);
        }
    }

    private static final Map<Shape, Allowed> ALLOWED = Map.ofEntries(
            Map.entry(Shape.XLSX_MANY_SHORT_STRINGS, Allowed.refused("FILE_TOO_COMPLEX")),
            // The worker's sex is a string of millions of letters: its row is too long.
            Map.entry(Shape.XLSX_FEW_HUGE_STRINGS, Allowed.refused("FILE_CELL_TOO_LONG", "FILE_XLSX_TOO_EXPANDED")),
            Map.entry(Shape.XLSX_INLINE_STRINGS, Allowed.readOr("FILE_TOO_MANY_ROWS")),
            Map.entry(Shape.XLSX_WIDE_ROWS, Allowed.readOr()),
            Map.entry(Shape.XLSX_SPARSE_ROWS, Allowed.readOr("FILE_NOT_XLSX")),
            Map.entry(Shape.XLSX_MANY_SHEETS, Allowed.readOr("FILE_TOO_COMPLEX")),
            Map.entry(Shape.CSV_DUPLICATE_ROWS, Allowed.refused("FILE_TOO_MANY_ROWS", "FILE_TOO_LARGE")),
            Map.entry(Shape.CSV_WIDE_ROWS, Allowed.readOr()),
            Map.entry(Shape.CSV_REPEATED_COLUMN, Allowed.readOr("FILE_DUPLICATE_COLUMN")),
            Map.entry(Shape.CSV_UTF16, Allowed.refused("FILE_NOT_CSV")),
            Map.entry(Shape.CSV_UNCLOSED_QUOTE, Allowed.refused("FILE_LINE_TOO_LONG", "FILE_BAD_QUOTES")));

    @TempDir
    Path dir;

    @Test
    void largeHostileFilesEndRefusedOrReadInAJvmWithASmallHeap() throws Exception {
        Random random = new Random(SEED);
        List<Shape> order = new ArrayList<>();
        while (order.size() < FILES) {
            List<Shape> round = new ArrayList<>(List.of(Shape.values()));
            Collections.shuffle(round, random);
            order.addAll(round);
        }
        order = order.subList(0, FILES);

        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        long bytes = 0;
        long generating = System.nanoTime();
        for (int i = 0; i < order.size(); i++) {
            String name = LargeHostileFiles.fileName(i + 1, order.get(i));
            Path file = dir.resolve(name);
            written.put(name, LargeHostileFiles.write(order.get(i), file, random));
            shapes.put(name, order.get(i));
            bytes += Files.size(file);
            System.out.printf(Locale.ROOT, "[memfuzz] %s (%,d bytes): %s%n", name, Files.size(file), written.get(name));
        }
        Path good = Files.writeString(dir.resolve("zz-baik.csv"), "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\r\n"
                + "9271011205900001;Agustinus Kambu;12/05/1990;L\r\n9271031708750002;Yohanes Wally;17/08/1975;L\r\n");
        System.out.printf(Locale.ROOT, "[memfuzz] seed %d: %d files, %,d MB written in %.1f s%n", SEED, FILES,
                bytes / 1_000_000, (System.nanoTime() - generating) / 1e9);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Djamsos.validation.maxSharedStringsMib=" + STRINGS_MIB, "-Djamsos.validation.maxRows=" + MAX_ROWS,
                "-Djamsos.intake.maxFileMib=" + MAX_FILE_MIB, "-cp", classpath(), Child.class.getName()));
        shapes.keySet().forEach(n -> cmd.add(dir.resolve(n).toString()));
        cmd.add(good.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (java.io.IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            }
        }, "memfuzz-child-output");
        reader.setDaemon(true);
        reader.start();

        long started = System.nanoTime();
        Map<String, String> outcomes = new LinkedHashMap<>();
        List<String> said = new ArrayList<>();
        try {
            for (int expected = shapes.size() + 1; outcomes.size() < expected; ) {
                String line = lines.poll(SECONDS_PER_FILE, TimeUnit.SECONDS);
                if (line == null) {
                    if (!child.isAlive()) {
                        break; // it ended: what it said is below
                    }
                    throw new AssertionError("the child has hung " + SECONDS_PER_FILE + " s after " + outcomes.keySet()
                            + " (seed " + SEED + "); it said " + said);
                }
                said.add(line);
                System.out.println("[memfuzz] child: " + line);
                if (line.startsWith(Child.PREFIX)) {
                    String rest = line.substring(Child.PREFIX.length());
                    outcomes.put(rest.substring(0, rest.indexOf(':')), rest.substring(rest.indexOf(':') + 2));
                }
                if (line.contains("OutOfMemoryError") && !child.isAlive()) {
                    break;
                }
            }
            assertThat(child.waitFor(SECONDS_PER_FILE, TimeUnit.SECONDS)).as("the child ended").isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor();
            }
        }
        reader.join(5_000);
        lines.drainTo(said);
        int exit = child.exitValue();
        System.out.printf(Locale.ROOT, "[memfuzz] seed %d: child at %s exited %d after %.1f s%n", SEED, HEAP, exit,
                (System.nanoTime() - started) / 1e9);
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            System.out.printf(Locale.ROOT, "[memfuzz] %-28s %-24s %s%n", e.getKey(), e.getValue(),
                    outcomes.getOrDefault(e.getKey(), "(no outcome)"));
        }

        assertThat(String.join("\n", said)).as("seed %d", SEED)
                .doesNotContain("OutOfMemoryError").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(exit).as("child exit (3: out of heap; seed %d)", SEED).isZero();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            String outcome = outcomes.get(e.getKey());
            Allowed allowed = ALLOWED.get(e.getValue());
            assertThat(outcome).as("%s (%s, seed %d) ended", e.getKey(), written.get(e.getKey()), SEED).isNotNull();
            if (outcome.startsWith("refused ")) {
                String code = outcome.split(" ")[1];
                if (!code.equals("FILE_TOO_LARGE")) {
                    assertThat(code).as("%s (%s, seed %d)", e.getKey(), written.get(e.getKey()), SEED)
                            .isIn(allowed.codes());
                }
            } else {
                assertThat(allowed.mayBeRead()).as("%s read (%s): %s, seed %d", e.getKey(), written.get(e.getKey()),
                        outcome, SEED).isTrue();
                assertThat(outcome).as(e.getKey()).matches("read rows=[1-9]\\d* accepted=\\d+ rejected=\\d+.*");
            }
        }
        assertThat(outcomes.get(good.getFileName().toString())).as("the good file, validated last")
                .startsWith("read rows=2 accepted=2 rejected=0");
    }

    private static String classpath() {
        // Surefire's class path ends with an empty entry, which a new JVM would read as the working directory.
        return Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The child: validates each file named on its command line, one after the other, with the limits
     * given as the gateway's property names, and prints one line per file: {@code refused CODE} or
     * {@code read rows=N accepted=A rejected=R}, with the heap's high-water mark so far.
     */
    public static final class Child {
        static final String PREFIX = "file ";

        public static void main(String[] args) {
            ValidationSettings settings = ValidationSettings.defaults()
                    .withLimits(Long.getLong("jamsos.intake.maxFileMib", 256) << 20, ValidationSettings.DEFAULT_MAX_LINE_CHARS)
                    .withMemoryLimits(Long.getLong("jamsos.validation.maxSharedStringsMib", 64) << 20,
                            Long.getLong("jamsos.validation.maxRows", ValidationSettings.DEFAULT_MAX_ROWS));
            AgencyFileValidator validator = new AgencyFileValidator(settings);
            for (String arg : args) {
                Path file = Path.of(arg);
                long started = System.nanoTime();
                FileValidationSummary s = validator.summarize(file, file.getFileName().toString(), row -> { }, 0);
                String outcome = s.fileRefused() ? "refused " + s.fileErrorCode()
                        : "read rows=" + s.rows() + " accepted=" + s.accepted() + " rejected=" + s.rejected();
                System.out.printf(Locale.ROOT, "%s%s: %s (%.1f s, heap peak so far %.0f MiB of %.0f)%n", PREFIX,
                        file.getFileName(), outcome, (System.nanoTime() - started) / 1e9, peakHeap() / 1048576.0,
                        Runtime.getRuntime().maxMemory() / 1048576.0);
                System.out.flush();
            }
        }

        /** The sum of the heap pools' peaks: an upper bound of the real peak (they peak at different moments). */
        private static long peakHeap() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak;
        }
    }
}
