package id.jamsos.gateway.bench;

import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileValidationSummary;
import id.jamsos.gateway.validation.ValidationSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The validate scenario: the gateway's parser and rules over a generated CSV (what
 * {@code validate FILE --stats} does, as in bench/validate.sh), against the floor of a plain
 * {@link BufferedReader#readLine()} over the same file.
 */
final class ValidateBench {

    private ValidateBench() {
    }

    /** The file bench/validate.sh uses too (seed 42, a defect every 50 rows), generated once. */
    static Path sampleFile(Path dir, int rows) throws IOException {
        Path file = dir.resolve("w" + rows + ".csv");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("w" + rows + ".csv.tmp");
            SampleWorkers.generate(tmp, rows, 42L, 50);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /**
     * @param warmup a smaller file read and validated first, both ways, unmeasured (null: a cold run):
     *               a gateway validates file after file, so its parser is compiled by the JIT when a
     *               big one comes, and the floor's readLine is JDK code the JIT has long compiled
     */
    static BenchLine run(Path file, Path warmup) throws IOException {
        long warmupRows = 0;
        if (warmup != null) {
            warmupRows = readLines(warmup)[0] - 1;
            validate(warmup);
        }
        // Floor first: it also brings the file into the page cache for both.
        HeapMeter.reset();
        long c0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        long[] read = readLines(file);
        long lines = read[0];
        long chars = read[1];
        double floorSeconds = (System.nanoTime() - t0) / 1e9;
        double floorCpu = (ProcessCpu.nanos() - c0) / 1e9;
        double floorHeap = HeapMeter.peakMib();

        HeapMeter.reset();
        long c1 = ProcessCpu.nanos();
        long t1 = System.nanoTime();
        FileValidationSummary summary = validate(file);
        double seconds = (System.nanoTime() - t1) / 1e9;
        double cpu = (ProcessCpu.nanos() - c1) / 1e9;
        return BenchLine.scenario("validate")
                .put("rows", summary.rows())
                .put("warmup_rows", warmupRows)
                .put("accepted", summary.accepted())
                .put("rejected", summary.rejected())
                .put("file_mb", Files.size(file) / 1e6, 1)
                .put("seconds", seconds, 3)
                .put("rows_per_s", summary.rows() / seconds, 0)
                .put("floor_seconds", floorSeconds, 3)
                .put("floor_rows_per_s", (lines - 1) / floorSeconds, 0)
                .put("ratio_to_floor", seconds / floorSeconds, 2)
                .put("cpu_seconds", cpu, 3)
                .put("floor_cpu_seconds", floorCpu, 3)
                .put("cpu_ratio_to_floor", cpu / floorCpu, 2)
                .put("heap_peak_mb", HeapMeter.peakMib(), 1)
                .put("old_peak_mb", HeapMeter.oldPeakMib(), 1)
                .put("floor_heap_peak_mb", floorHeap, 1)
                .put("heap_max_mb", HeapMeter.maxMib(), 0)
                .put("chars", chars);
    }

    /** @return lines and chars, as the plain reader a developer would write */
    private static long[] readLines(Path file) throws IOException {
        long lines = 0;
        long chars = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                chars += line.length();
            }
        }
        return new long[] {lines, chars};
    }

    private static FileValidationSummary validate(Path file) {
        FileValidationSummary summary = new AgencyFileValidator(ValidationSettings.defaults())
                .summarize(file, file.getFileName().toString(), row -> { }, 0);
        if (summary.fileRefused()) {
            throw new IllegalStateException("the generated file was refused: " + summary.fileError());
        }
        return summary;
    }
}
