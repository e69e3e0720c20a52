package id.jamsos.gateway.bench;

import id.jamsos.gateway.demo.SampleSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench SCENARIO}: measures the gateway on loopback (embedded SFTP server, broker, H2 or
 * PostgreSQL ledger, simulator) and prints one {@code key=value} line per measured run on stdout.
 * See docs/performance.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark on loopback; one key=value line per measured run. "
                + "SCENARIO: validate | e2e | baseline (e2e and the naive route, side by side) | claims | startup"
                + " | statement (monthly statement and invoice comparison on PostgreSQL)"
                + " | eligibility (import of a DTSEN extract on PostgreSQL)"
                + " | proof (proofs of cover PDFs for 19,336 workers)")
public final class BenchCommand implements Callable<Integer> {

    static final int E2E_ROWS = 19_336;
    static final int VALIDATE_ROWS = 1_000_000;
    static final int VALIDATE_WARMUP_ROWS = 100_000;
    static final int E2E_WARMUP_ROWS = 5_000;
    static final int STATEMENT_WORKERS = 1_000_000;
    /** The statement scenario's default ledger: the local PostgreSQL, in a schema of its own. */
    static final int ELIGIBILITY_ROWS = 1_000_000;
    /** The eligibility scenario's default ledger: the local PostgreSQL, in a schema of its own. */
    static final String ELIGIBILITY_LEDGER_URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
            + EligibilityBench.SCHEMA;
    /** The coverage scenario's workers and default ledger: the local PostgreSQL, in a schema of its own. */
    static final int COVERAGE_WORKERS = 1_000_000;
    static final String COVERAGE_LEDGER_URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
            + CoverageBench.SCHEMA;
    static final String STATEMENT_LEDGER_URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
            + StatementBench.SCHEMA;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "validate, e2e, baseline, claims, startup, statement, eligibility or coverage")
    String scenario;

    @Option(names = "--rows", paramLabel = "N", description = "rows in the generated file (validate: 1,000,000; e2e, baseline: 19,336;"
            + " statement: covered workers, 1,000,000; eligibility: people in the extract, 1,000,000; proof: covered workers,"
            + " 19,336)")
    Integer rows;

    @Option(names = "--invoice", defaultValue = "streamed", description = "statement: how the invoice reaches the"
            + " comparison: streamed (each line made as it is read: the comparison's own heap), list (all lines held"
            + " in a list), json (the endpoint's JSON answer, from a file, read as a stream by InvoiceAnswer into the"
            + " ledger's invoice_line inside the run, and read back by the comparison, as the route does);"
            + " default ${DEFAULT-VALUE}")
    String invoiceMode;

    @Option(names = "--latency-ms", defaultValue = "50", description = "simulator answer delay (default ${DEFAULT-VALUE})")
    long latencyMs;

    @Option(names = "--concurrency", defaultValue = "4", description = "enroller consumers (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--batch", defaultValue = "25", description = "rows per enrollment request (default ${DEFAULT-VALUE}, at most 100)")
    int batch;

    @Option(names = "--warmup-rows", paramLabel = "N",
            description = "validate, e2e, baseline: a file of this many other workers goes through first, unmeasured, so "
                    + "the measured run is not paying for JIT compilation (default 100,000 for validate, 5,000 for e2e "
                    + "and baseline; 0 for a cold run)")
    Integer warmupRows;

    @Option(names = "--baseline-rows", defaultValue = "2000",
            description = "rows the naive baseline route sends, one request each (default ${DEFAULT-VALUE}); its rate is extrapolated")
    int baselineRows;

    @Option(names = "--bad-every", defaultValue = "50", description = "a defective row every N rows, 0 for none (default ${DEFAULT-VALUE})")
    int badEvery;

    @Option(names = "--count", defaultValue = "20000", description = "claims: callbacks to send (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--warmup-count", defaultValue = "20000",
            description = "claims: callbacks (and plain sends) that go first, unmeasured, so neither side is timed while "
                    + "the JIT compiles it (default ${DEFAULT-VALUE}, 0 for a cold run)")
    int warmupCount;

    @Option(names = "--clients", defaultValue = "1", description = "claims: concurrent senders on both sides (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--endpoint-heap", paramLabel = "SIZE",
            description = "e2e, baseline: run the simulator in a JVM of its own with this -Xmx (e.g. 2g), so that "
                    + "the bench JVM's -Xmx is the gateway's; needed for 1,000,000 rows, whose members the simulator keeps")
    String endpointHeap;

    @Option(names = "--ledger-url", description = "JDBC URL of the ledger (default: an H2 file in --dir)")
    String ledgerUrl;

    @Option(names = "--ledger-user", description = "ledger user (with --ledger-url)")
    String ledgerUser;

    @Option(names = "--ledger-password", description = "ledger password (with --ledger-url); better JAMSOS_LEDGER_PASSWORD")
    String ledgerPassword;

    @Option(names = "--dir", description = "working folder (default: a new temporary folder, deleted afterwards)")
    Path dir;

    @Option(names = "--files-dir", defaultValue = "/tmp/jamsos-bench",
            description = "where generated validate files are kept and reused, as bench/validate.sh does (default ${DEFAULT-VALUE})")
    Path filesDir;

    @Option(names = "--timeout-s", defaultValue = "7200", description = "give up on a run after this long (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--log-level", defaultValue = "WARN", description = "gateway log level during the run (default ${DEFAULT-VALUE})")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Configurator.setAllLevels("id.jamsos", Level.toLevel(logLevel, Level.WARN));
        Configurator.setRootLevel(Level.toLevel(logLevel, Level.WARN));
        boolean tempDir = dir == null;
        Path work = tempDir ? Files.createTempDirectory("jamsos-bench-") : dir;
        try {
            switch (scenario) {
                case "validate" -> {
                    int n = rows == null ? VALIDATE_ROWS : rows;
                    int warm = warmupRows == null ? VALIDATE_WARMUP_ROWS : warmupRows;
                    print(out, ValidateBench.run(ValidateBench.sampleFile(filesDir, n),
                            warm > 0 ? ValidateBench.sampleFile(filesDir, warm) : null));
                }
                case "e2e" -> e2e(out, work, false);
                case "baseline" -> e2e(out, work, true);
                case "claims" -> claims(out, work);
                case "startup" -> startup(out, work);
                case "statement" -> {
                    for (BenchLine line : StatementBench.run(ledgerUrl == null ? STATEMENT_LEDGER_URL : ledgerUrl,
                            ledgerUser == null ? "postgres" : ledgerUser, ledgerPassword == null ? "" : ledgerPassword,
                            rows == null ? STATEMENT_WORKERS : rows, invoiceMode)) {
                        print(out, line);
                    }
                }
                case "eligibility" -> {
                    for (BenchLine line : EligibilityBench.run(ledgerUrl == null ? ELIGIBILITY_LEDGER_URL : ledgerUrl,
                            ledgerUser == null ? "postgres" : ledgerUser, ledgerPassword == null ? "" : ledgerPassword,
                            rows == null ? ELIGIBILITY_ROWS : rows, filesDir)) {
                        print(out, line);
                    }
                }
                case "proof" -> {
                    for (BenchLine line : ProofBench.run(work, rows == null ? E2E_ROWS : rows)) {
                        print(out, line);
                    }
                }
                case "coverage" -> {
                    for (BenchLine line : CoverageBench.run(ledgerUrl == null ? COVERAGE_LEDGER_URL : ledgerUrl,
                            ledgerUser == null ? "postgres" : ledgerUser, ledgerPassword == null ? "" : ledgerPassword,
                            rows == null ? COVERAGE_WORKERS : rows, filesDir.resolve("coverage"))) {
                        print(out, line);
                    }
                }
                default -> {
                    spec.commandLine().getErr().println("unknown scenario " + scenario
                            + " (validate, e2e, baseline, claims, startup, statement, eligibility, proof, coverage)");
                    return 2;
                }
            }
            return 0;
        } finally {
            if (tempDir) {
                deleteQuietly(work);
            }
        }
    }

    private BenchRig rig(Path work, Map<String, String> extra) throws Exception {
        Map<String, String> o = new HashMap<>(extra);
        if (ledgerUser != null) {
            o.put("jamsos.ledger.user", ledgerUser);
        }
        if (ledgerPassword != null) {
            o.put("jamsos.ledger.password", ledgerPassword);
        }
        return BenchRig.start(work, new BenchRig.Settings(concurrency, batch, latencyMs, ledgerUrl, o, endpointHeap));
    }

    private void e2e(PrintWriter out, Path work, boolean withBaseline) throws Exception {
        int n = rows == null ? E2E_ROWS : rows;
        Path file = work.resolve("files").resolve("bench-e2e-" + n + ".csv");
        SampleSummary sample = BenchRig.generate(file, n, badEvery);
        int warmupRows = this.warmupRows == null ? E2E_WARMUP_ROWS : this.warmupRows;
        try (BenchRig rig = rig(work, Map.of())) {
            if (warmupRows > 0) {
                Path warm = work.resolve("files").resolve("bench-warmup-" + warmupRows + ".csv");
                SampleSummary warmSample = BenchRig.generate(warm, warmupRows, badEvery, 7L);
                rig.dropAndAwait("warmup", warm, warmSample, Duration.ofSeconds(timeoutSeconds));
            }
            BenchLine e2e = rig.dropAndAwait("e2e", file, sample, Duration.ofSeconds(timeoutSeconds));
            e2e.put("warmup_rows", warmupRows);
            e2e.put("endpoint", endpointHeap == null ? "in-process" : "own-jvm");
            double fraction = latencyMs > 0 ? Double.parseDouble(e2e.get("rows_per_s")) / rig.bound() : Double.NaN;
            e2e.put("bound_fraction", fraction, 2); // "-" at 0 ms: no bound
            e2e.put("gateway_start_ms", rig.gatewayStartMillis);
            print(out, e2e);
            if (withBaseline) {
                BenchLine base = baseline(rig, file, work);
                print(out, base);
                double speedup = Double.parseDouble(e2e.get("rows_per_s")) / Double.parseDouble(base.get("rows_per_s"));
                print(out, BenchLine.scenario("compare").put("latency_ms", latencyMs)
                        .put("e2e_rows_per_s", e2e.get("rows_per_s")).put("baseline_rows_per_s", base.get("rows_per_s"))
                        .put("speedup", speedup, 1).put("bound_rows_per_s", rig.bound(), 1)
                        .put("bound_fraction", e2e.get("bound_fraction"))
                        .put("target_speedup_20x", speedup >= 20 ? "met" : "missed")
                        .put("target_half_bound", Double.isNaN(fraction) ? "-" : fraction >= 0.5 ? "met" : "missed"));
            }
        }
    }

    /** The first --baseline-rows rows of the same file through the naive route; the rate is extrapolated. */
    private BenchLine baseline(BenchRig rig, Path file, Path work) throws Exception {
        String agency = id.jamsos.gateway.demo.DemoEnvironment.PASSWORD_AGENCY;
        Path folder = rig.env.sftp().homeOf(agency).resolve("baseline");
        Files.createDirectories(folder);
        int n;
        Path staged = work.resolve("files").resolve("baseline.csv.tmp");
        try (Stream<String> lines = Files.lines(file)) {
            List<String> head = lines.limit(baselineRows + 1L).toList();
            n = head.size() - 1;
            Files.write(staged, head);
        }
        String uri = "sftp:" + rig.env.sftp().host() + ":" + rig.env.sftp().port() + "/baseline?username=" + agency
                + "&password=RAW(" + id.jamsos.gateway.demo.DemoEnvironment.DEMO_PASSWORD + ")"
                + "&knownHostsFile=" + rig.env.dir().resolve("known_hosts")
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&delay=100&noop=true&binary=true";
        var sim = rig.env.simulator().config();
        BaselineRoute route = new BaselineRoute(uri, rig.env.simulator().baseUrl(), sim.consId(), sim.secret(),
                sim.userKey(), n);
        Files.move(staged, folder.resolve("baseline.csv"), StandardCopyOption.ATOMIC_MOVE);
        HeapMeter.reset();
        long t0 = System.nanoTime();
        rig.gateway.context().addRoutes(route);
        boolean finished = route.done().await(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        rig.gateway.context().getRouteController().stopRoute(BaselineRoute.ROUTE_ID);
        if (!finished) {
            throw new IllegalStateException("baseline did not finish: " + route.answered.get() + "/" + n);
        }
        double rate = n / seconds;
        int full = rows == null ? E2E_ROWS : rows;
        return BenchLine.scenario("baseline").put("rows", n).put("http_200", route.ok.get())
                .put("latency_ms", latencyMs).put("concurrency", 1).put("batch", 1)
                .put("seconds", seconds, 3).put("rows_per_s", rate, 1)
                .put("extrapolated", n < full ? "yes" : "no").put("extrapolated_rows", full)
                .put("extrapolated_seconds", full / rate, 0)
                .put("heap_peak_mb", HeapMeter.peakMib(), 1);
    }

    private void claims(PrintWriter out, Path work) throws Exception {
        int workers = Math.min(count, 2000);
        Path file = work.resolve("files").resolve("bench-claims-workers.csv");
        SampleSummary sample = BenchRig.generate(file, workers, 0);
        long saved = latencyMs;
        Map<String, String> extra = Map.of("jamsos.callback.windowSeconds", Long.toString(ClaimsBench.windowSecondsFor(warmupCount + count)));
        try (BenchRig rig = rig(work, extra)) {
            rig.env.simulator().faults().latencyMs(0);
            rig.dropAndAwait("claims-setup", file, sample, Duration.ofSeconds(timeoutSeconds));
            rig.env.simulator().faults().latencyMs(saved);
            for (BenchLine line : ClaimsBench.run(rig, warmupCount, count, clients)) {
                print(out, line);
            }
        }
    }

    /** Gateway.start on the running environment, then until GET /ops/ready answers 200. */
    private void startup(PrintWriter out, Path work) throws Exception {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        try (BenchRig rig = rig(work, Map.of())) {
            long t0 = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + rig.env.httpPort() + "/ops/ready");
            int status = 0;
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
                try {
                    status = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = 0;
                }
                if (status == 200) {
                    break;
                }
                Thread.sleep(20);
            }
            print(out, BenchLine.scenario("startup").put("gateway_start_ms", rig.gatewayStartMillis)
                    .put("ready_after_start_ms", (System.nanoTime() - t0) / 1_000_000)
                    .put("ready_status", status)
                    .put("jvm_uptime_at_ready_ms", System.currentTimeMillis() - jvmStart));
        }
    }

    private static void print(PrintWriter out, BenchLine line) {
        out.println(line);
        out.flush();
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder: the OS cleans up what is left.
        }
    }
}
