package id.jamsos.gateway.cli;

import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.Masking;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the BPJS simulator on its own, for the demo and for operators trying the gateway. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the BPJS Ketenagakerjaan endpoint simulator until Ctrl-C (see docs/bpjs-api.md).")
public class SimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8089", description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Latency added to every /bpjstk request.")
    long latencyMs;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of requests answered with --error-status, 0..1.")
    double errorRate;

    @Option(names = "--error-status", defaultValue = "503", description = "HTTP status of injected errors (default ${DEFAULT-VALUE}).")
    int errorStatus;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Requests per second before HTTP 429, 0 = unlimited.")
    int rateLimit;

    @Option(names = "--timeout-rate", defaultValue = "0", description = "Share of requests held ~30 s after processing, 0..1.")
    double timeoutRate;

    @Option(names = "--cons-id", description = "X-cons-id the gateway must send (default: demo value).")
    String consId;

    @Option(names = "--secret", description = "Consumer secret (default: demo value; env JAMSOS_SIM_SECRET).",
            defaultValue = "${env:JAMSOS_SIM_SECRET}")
    String secret;

    @Option(names = "--user-key", description = "user_key the gateway must send (default: demo value).")
    String userKey;

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile BpjsSimulator running;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig d = SimulatorConfig.defaults();
        SimulatorConfig config = new SimulatorConfig(host, port, or(consId, d.consId()), or(secret, d.secret()),
                or(userKey, d.userKey()), d.callbackConsId(), d.callbackSecret(), d.kpjSeed());
        try (BpjsSimulator sim = BpjsSimulator.start(config)) {
            sim.faults().latencyMs(latencyMs).errorRate(errorRate).errorStatus(errorStatus)
                    .rateLimitPerSecond(rateLimit).timeoutRate(timeoutRate);
            running = sim;
            Thread hook = new Thread(stop::countDown, "simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            printBanner(sim, config);
            stop.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is what woke us; nothing to remove.
            }
        } finally {
            running = null;
        }
        return 0;
    }

    private void printBanner(BpjsSimulator sim, SimulatorConfig config) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("BPJS simulator running at " + sim.baseUrl() + "/bpjstk/v1");
        out.println("  X-cons-id       " + config.consId());
        out.println("  secret          " + Masking.secret(config.secret()));
        out.println("  user_key        " + Masking.secret(config.userKey()));
        out.println("  callback cons   " + config.callbackConsId() + " (secret " + Masking.secret(config.callbackSecret()) + ")");
        out.println("  faults          " + sim.faults().snapshot());
        out.println("  admin           " + sim.baseUrl() + "/sim/stats, /sim/faults, /sim/reset (loopback only)");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** The running simulator, or null; for tests and an embedding root command. */
    BpjsSimulator running() {
        return running;
    }

    /** Stops a running {@link #call()} as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
