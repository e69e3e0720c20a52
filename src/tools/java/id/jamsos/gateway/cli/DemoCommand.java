package id.jamsos.gateway.cli;

import id.jamsos.gateway.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Everything embedded, one sample file end to end, a summary, exit 0. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole gateway on loopback (SFTP, broker, BPJS simulator, H2) with a generated sample file.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "500", description = "rows in the sample file (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--bad-every", defaultValue = "12", description = "every N-th row is deliberately bad (default: ${DEFAULT-VALUE})")
    int badEvery;

    @Option(names = "--claims", defaultValue = "3", description = "claim callbacks to fire (default: ${DEFAULT-VALUE})")
    int claims;

    @Option(names = "--dir", description = "working folder (default: a new temporary folder)")
    Path dir;

    @Option(names = "--keep-running", description = "leave everything up after the summary, until Ctrl-C")
    boolean keepRunning;

    @Option(names = "--timeout-seconds", defaultValue = "300", description = "give up after this long (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("jamsos-demo-");
        Demo demo = new Demo(work, rows, badEvery, claims, timeoutSeconds, System.out);
        // Ctrl-C during --keep-running: let the demo stop its gateway, so that the ledger and the
        // broker store are closed cleanly and a later demo in the same --dir resumes from them.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.stop();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo.run(keepRunning) ? 0 : 1;
        } finally {
            finished.countDown();
        }
    }
}
