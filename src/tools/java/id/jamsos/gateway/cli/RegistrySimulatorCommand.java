package id.jamsos.gateway.cli;

import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.simulator.Masking;
import id.jamsos.gateway.simulator.RegistryPopulation;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the population registry simulator on its own (docs/registry-api.md, "Simulator"). */
@Command(name = "registry-simulator", mixinStandardHelpOptions = true,
        description = "Run the population registry (Dukcapil CALL_VERIFY_BY_ELEMEN) simulator until Ctrl-C"
                + " (see docs/registry-api.md).")
public class RegistrySimulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8091", description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--user-id", description = "USER_ID the gateway must send (default: demo value).")
    String userId;

    @Option(names = "--password", description = "PASSWORD the gateway must send (default: demo value;"
            + " env JAMSOS_SIM_REGISTRY_PASSWORD).", defaultValue = "${env:JAMSOS_SIM_REGISTRY_PASSWORD}")
    String password;

    @Option(names = "--allowed-ip", description = "An IP_USER registered for the user (repeatable; default 10.10.1.20)."
            + " Give --allowed-ip any to accept every IP_USER.")
    List<String> allowedIps;

    @Option(names = "--rows", defaultValue = "1000", description = "People of generate's file of this many rows"
            + " (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seed", defaultValue = "42", description = "That file's --seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bad-every", defaultValue = "0", description = "That file's --bad-every (default ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Latency added to every call.")
    long latencyMs;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of calls answered with --error-status, 0..1.")
    double errorRate;

    @Option(names = "--error-status", defaultValue = "503", description = "HTTP status of injected errors (default ${DEFAULT-VALUE}).")
    int errorStatus;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Calls per second before HTTP 429, 0 = unlimited.")
    int rateLimit;

    @Option(names = "--timeout-rate", defaultValue = "0", description = "Share of calls held ~30 s before answering, 0..1.")
    double timeoutRate;

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile RegistrySimulator running;

    @Override
    public Integer call() throws Exception {
        RegistrySimulatorConfig d = RegistrySimulatorConfig.defaults();
        Set<String> ips = allowedIps == null || allowedIps.isEmpty() ? d.allowedIps()
                : allowedIps.contains("any") ? Set.of() : new LinkedHashSet<>(allowedIps);
        RegistrySimulatorConfig config;
        RegistrySimulator started;
        try {
            config = new RegistrySimulatorConfig(host, port, or(userId, d.userId()), or(password, d.password()), ips,
                    rows, seed, badEvery);
            started = RegistrySimulator.start(config);
            started.faults().latencyMs(latencyMs).errorRate(errorRate).errorStatus(errorStatus)
                    .rateLimitPerSecond(rateLimit).timeoutRate(timeoutRate);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("registry-simulator: " + e.getMessage());
            return 2;
        }
        try (RegistrySimulator sim = started) {
            running = sim;
            Thread hook = new Thread(stop::countDown, "registry-simulator-shutdown");
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

    private void printBanner(RegistrySimulator sim, RegistrySimulatorConfig config) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Population registry simulator running at " + sim.serviceUrl());
        out.println("  USER_ID         " + config.userId());
        out.println("  PASSWORD        " + Masking.secret(config.password()));
        out.println("  IP_USER         " + (config.allowedIps().isEmpty() ? "any" : String.join(", ", config.allowedIps())));
        out.println("  people          " + sim.population().size() + " (generate --rows " + config.sampleRows()
                + " --seed " + config.sampleSeed() + " --bad-every " + config.sampleBadEvery() + ", and the demo people)");
        out.println("  demo people     match " + NikMask.mask(RegistryPopulation.MATCHING.nik())
                + ", not found " + NikMask.mask(RegistryPopulation.NOT_FOUND_NIK)
                + ", BELUM REKAM " + NikMask.mask(RegistryPopulation.UNRECORDED.nik())
                + ", other name " + NikMask.mask(RegistryPopulation.OTHER_NAME.nik())
                + ", other birth date " + NikMask.mask(RegistryPopulation.OTHER_BIRTH_DATE.nik())
                + " (docs/registry-api.md)");
        out.println("  faults          " + sim.faults().snapshot());
        out.println("  admin           " + sim.baseUrl() + "/sim/stats, /sim/faults, /sim/people, /sim/reset (loopback only)");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** The running simulator, or null; for tests. */
    RegistrySimulator running() {
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
