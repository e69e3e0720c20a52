package id.jamsos.gateway.cli;

import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a realistic Kota Sorong agency file for demos and load tests. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a sample agency file (CSV or .xlsx) of Kota Sorong workers.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "data rows to write")
    int rows;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the file")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--bad-every", paramLabel = "N", defaultValue = "0",
            description = "make every N-th row deliberately bad (0 = none)")
    int badEvery;

    @Option(names = "--format", paramLabel = "csv|xlsx|ods",
            description = "csv, xlsx or ods (default: from FILE's extension, else csv)")
    String format;

    @Override
    public Integer call() throws IOException {
        if (rows < 0 || badEvery < 0) {
            spec.commandLine().getErr().println("--rows and --bad-every must not be negative");
            return 2;
        }
        String name = out.toString().toLowerCase(java.util.Locale.ROOT);
        String f = format != null ? format.toLowerCase(java.util.Locale.ROOT)
                : name.endsWith(".xlsx") ? "xlsx" : name.endsWith(".ods") ? "ods" : "csv";
        if (!f.equals("csv") && !f.equals("xlsx") && !f.equals("ods")) {
            spec.commandLine().getErr().println("--format must be csv, xlsx or ods");
            spec.commandLine().getErr().flush();
            return 2;
        }
        SampleSummary s;
        try (ConsoleProgress progress = ConsoleProgress.start("generate", "rows", rows)) {
            s = SampleWorkers.generate(out, rows, seed, badEvery, f, () -> progress.advance(1));
        }
        spec.commandLine().getOut().println("rows=" + s.rows() + " expectedAccepted=" + s.expectedAccepted()
                + " expectedRejected=" + s.expectedRejected() + " out=" + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
