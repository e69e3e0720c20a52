package id.jamsos.gateway.bench;

import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileValidationSummary;
import id.jamsos.gateway.validation.ValidationSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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

    static BenchLine run(Path file, int rows) throws IOException {
        // Floor first: it also brings the file into the page cache for both.
        HeapMeter.reset();
        long c0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        long lines = 0;
        long chars = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                chars += line.length();
            }
        }
        double floorSeconds = (System.nanoTime() - t0) / 1e9;
        double floorCpu = (ProcessCpu.nanos() - c0) / 1e9;
        double floorHeap = HeapMeter.peakMib();

        HeapMeter.reset();
        long c1 = ProcessCpu.nanos();
        long t1 = System.nanoTime();
        FileValidationSummary summary = new AgencyFileValidator(ValidationSettings.defaults())
                .summarize(file, file.getFileName().toString(), row -> { }, 0);
        double seconds = (System.nanoTime() - t1) / 1e9;
        double cpu = (ProcessCpu.nanos() - c1) / 1e9;
        if (summary.fileRefused()) {
            throw new IllegalStateException("the generated file was refused: " + summary.fileError());
        }
        return BenchLine.scenario("validate")
                .put("rows", summary.rows())
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

    /**
     * CPU time of the whole process (this thread, the JIT compilers, the collector): on a machine
     * shared with other work, wall time also counts the time the process waited for a core, which
     * hits the longer of the two runs harder; the CPU ratio does not.
     */
}
