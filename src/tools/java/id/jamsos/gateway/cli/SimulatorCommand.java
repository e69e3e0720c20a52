package id.jamsos.gateway.cli;

import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.Masking;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.simulator.SimulatorTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the BPJS simulator on its own, for the demo and for operators trying the gateway. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the BPJS Ketenagakerjaan endpoint simulator until Ctrl-C (see docs/bpjs-api.md).",
        subcommands = SimulatorClaimCommand.class)
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

    @Option(names = "--callback-url", description = "Where fired claims go: the gateway's callback,"
            + " e.g. http://127.0.0.1:8080/api/bpjs/klaim (default: none; POST /sim/claims may name one).")
    String callbackUrl;

    @Option(names = "--callback-cons-id", description = "X-cons-id of claim callbacks: the gateway's"
            + " jamsos.callback.consId (default: demo value).")
    String callbackConsId;

    @Option(names = "--callback-secret", description = "Secret claim callbacks are signed with: the gateway's"
            + " jamsos.callback.secret (default: demo value; env JAMSOS_SIM_CALLBACK_SECRET).",
            defaultValue = "${env:JAMSOS_SIM_CALLBACK_SECRET}")
    String callbackSecret;

    @Option(names = "--callback-user-key", description = "user_key claim callbacks carry: the gateway's"
            + " jamsos.callback.userKey (default: none; env JAMSOS_SIM_CALLBACK_USERKEY).",
            defaultValue = "${env:JAMSOS_SIM_CALLBACK_USERKEY}")
    String callbackUserKey;

    @Option(names = "--tls-keystore", description = "Serve HTTPS with the key and certificate of this PKCS12 file.")
    Path tlsKeyStore;

    @Option(names = "--tls-password", description = "Password of --tls-keystore (env JAMSOS_SIM_TLS_PASSWORD).",
            defaultValue = "${env:JAMSOS_SIM_TLS_PASSWORD}")
    String tlsPassword;

    @Option(names = "--tls-truststore", description = "PKCS12 file of certificates to trust: the gateway's callback"
            + " certificate, and client certificates with --tls-client-auth.")
    Path tlsTrustStore;

    @Option(names = "--tls-truststore-password", description = "Password of --tls-truststore (default: --tls-password;"
            + " env JAMSOS_SIM_TLS_TRUSTSTORE_PASSWORD).", defaultValue = "${env:JAMSOS_SIM_TLS_TRUSTSTORE_PASSWORD}")
    String tlsTrustStorePassword;

    @Option(names = "--tls-client-auth", description = "Require a client certificate trusted by --tls-truststore (mutual TLS).")
    boolean tlsClientAuth;

    @Option(names = "--other-payers", paramLabel = "ROWS,SEED,EVERY", description = "Make every EVERY-th worker"
            + " of `generate --rows ROWS --seed SEED` a member already, paid by someone else (self-paying, a CSR"
            + " donor, an employer, another region in turn): the gateway must not enroll them at the city's cost.")
    String otherPayers;

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile BpjsSimulator running;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig d = SimulatorConfig.defaults();
        SimulatorConfig config = new SimulatorConfig(host, port, or(consId, d.consId()), or(secret, d.secret()),
                or(userKey, d.userKey()), or(callbackConsId, d.callbackConsId()), or(callbackSecret, d.callbackSecret()),
                d.kpjSeed());
        SimulatorTls tls;
        BpjsSimulator started;
        try {
            tls = tls();
            started = BpjsSimulator.start(config, Clock.systemUTC(), tls);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("simulator: " + e.getMessage());
            return 2;
        }
        try (BpjsSimulator sim = started) {
            sim.callbackTarget(callbackUrl, callbackUserKey);
            sim.faults().latencyMs(latencyMs).errorRate(errorRate).errorStatus(errorStatus)
                    .rateLimitPerSecond(rateLimit).timeoutRate(timeoutRate);
            if (otherPayers != null && !seedOtherPayers(sim)) {
                return 2;
            }
            running = sim;
            Thread hook = new Thread(stop::countDown, "simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            printBanner(sim, config, tls);
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

    /** --other-payers ROWS,SEED,EVERY: the people generate writes, every EVERY-th a member paid by someone else. */
    private boolean seedOtherPayers(BpjsSimulator sim) {
        String[] parts = otherPayers.split(",");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            int rows = Integer.parseInt(parts[0].trim());
            long seed = Long.parseLong(parts[1].trim());
            int every = Integer.parseInt(parts[2].trim());
            java.util.List<String> niks = id.jamsos.gateway.demo.SampleWorkers.people(rows, seed, 0).stream()
                    .map(id.jamsos.gateway.demo.SamplePerson::nik).toList();
            int made = sim.seedOtherPayers(niks, every, java.time.YearMonth.from(sim.today()).minusMonths(1));
            spec.commandLine().getOut().println("  other payers    " + made + " of " + rows + " generated workers"
                    + " (seed " + seed + ") are members already, paid by someone else");
            return true;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("simulator: --other-payers wants ROWS,SEED,EVERY (numbers, EVERY >= 1)");
            return false;
        }
    }

    private void printBanner(BpjsSimulator sim, SimulatorConfig config, SimulatorTls tls) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("BPJS simulator running at " + sim.baseUrl() + "/bpjstk/v1");
        out.println("  X-cons-id       " + config.consId());
        out.println("  secret          " + Masking.secret(config.secret()));
        out.println("  user_key        " + Masking.secret(config.userKey()));
        out.println("  callback cons   " + config.callbackConsId() + " (secret " + Masking.secret(config.callbackSecret())
                + (callbackUserKey == null || callbackUserKey.isBlank() ? ", no user_key" : ", user_key "
                + Masking.secret(callbackUserKey)) + ")");
        out.println("  callback url    " + sim.callbackUrl().orElse("none (give --callback-url, or callbackUrl per claim)"));
        out.println("  tls             " + (tls == null ? "off (plain HTTP)" : "keystore " + tls.keyStore()
                + (tls.requireClientCertificate() ? ", client certificate required" : "")));
        out.println("  faults          " + sim.faults().snapshot());
        out.println("  admin           " + sim.baseUrl() + "/sim/stats, /sim/faults, /sim/claims, /sim/reset (loopback only)");
        out.println("  fire a claim    jamsos-gateway simulator fire-claim --simulator " + sim.baseUrl() + " [--type JKK]");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private SimulatorTls tls() {
        if (tlsKeyStore == null) {
            if (tlsTrustStore != null || tlsClientAuth) {
                throw new IllegalArgumentException("--tls-truststore and --tls-client-auth need --tls-keystore");
            }
            return null;
        }
        return new SimulatorTls(tlsKeyStore, or(tlsPassword, ""), tlsTrustStore,
                or(tlsTrustStorePassword, or(tlsPassword, "")), tlsClientAuth);
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
