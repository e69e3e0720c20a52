package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.ledger.FileInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one set-up of the system tests: a temporary folder, the demo environment in it (embedded SFTP
 * server, broker, BPJS simulator) and a whole gateway on it, torn down in the reverse order of their
 * start, the folder last.
 *
 * <p>Registered with {@code @RegisterExtension} on a static field, one gateway serves the whole class;
 * on an instance field, every test gets its own. {@link #onDemand()} starts nothing by itself: the
 * tests start what they need ({@link #start}, {@link #startTwo}, {@link #startEnvironment}, ...), and
 * what a test starts is closed after that test (what a {@code @BeforeAll} method starts, after the
 * class), so no test class needs a {@code finally} or an {@code @AfterAll} for it.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** Starts the extension's own gateway in the environment folder it is given. */
    @FunctionalInterface
    private interface Starter {
        GatewayFixture start(Path envDir) throws Exception;
    }

    /**
     * Rows parked after two attempts 20 ms apart, behind a circuit breaker that never opens: every
     * failure counts against its own job, as the tests of parked rows and their replay need.
     */
    public static final Map<String, String> PARK_QUICKLY = Map.of(
            "jamsos.delivery.maxAttempts", "2",
            "jamsos.delivery.redeliveryDelayMs", "20",
            "jamsos.breaker.windowCalls", "1000",
            "jamsos.breaker.minimumCalls", "1000");

    private final Starter starter;
    private final Deque<AutoCloseable> classScoped = new ArrayDeque<>();
    private final Deque<AutoCloseable> testScoped = new ArrayDeque<>();
    private boolean perClass;
    private boolean inTest;
    private Path dir;
    private int environments;
    private GatewayFixture fixture;

    private GatewayExtension(Starter starter) {
        this.starter = starter;
    }

    /** {@code shared} with a test's own settings ({@code key, value, ...}) over it. */
    public static Map<String, String> settings(Map<String, String> shared, String... own) {
        Map<String, String> all = new HashMap<>(shared);
        for (int i = 0; i < own.length; i += 2) {
            all.put(own[i], own[i + 1]);
        }
        return Map.copyOf(all);
    }

    /** A gateway on the demo's agencies with these settings over the demo's. */
    public static GatewayExtension withSettings(Map<String, String> settings) {
        return new GatewayExtension(envDir -> GatewayFixture.start(envDir, settings));
    }

    /** For settings that depend on the environment, such as the broker's port. */
    public static GatewayExtension withSettingsFrom(Function<DemoEnvironment, Map<String, String>> settings) {
        return new GatewayExtension(envDir -> GatewayFixture.startWith(envDir, settings));
    }

    /** As {@code run} starts it: the agencies read from a watched {@code config/agencies.yaml}. */
    public static GatewayExtension withAgenciesFile(Map<String, String> settings) {
        return new GatewayExtension(envDir -> GatewayFixture.startFromFile(envDir, settings));
    }

    /** With the demo's agencies changed first, e.g. one that uploads by script with a completion marker. */
    public static GatewayExtension withAgenciesAdjusted(Map<String, String> settings, UnaryOperator<Agency> adjust) {
        return new GatewayExtension(envDir -> GatewayFixture.startAdjusting(envDir, settings, adjust));
    }

    /** Only the folder: the tests start what they need, with settings known only then. */
    public static GatewayExtension onDemand() {
        return new GatewayExtension(null);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            open();
        }
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        inTest = false;
        Exception failure = closeAll(testScoped, null);
        if (!perClass) {
            failure = shut(failure);
        }
        rethrow(failure);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        rethrow(shut(null));
    }

    private void open() throws Exception {
        dir = Files.createTempDirectory("jamsos-gateway-test-");
        environments = 0;
        if (starter != null) {
            fixture = starter.start(nextEnvironmentDir());
            classScoped.push(fixture);
        }
    }

    /** What the set-up started (the extension's own gateway last), then the folder. */
    private Exception shut(Exception failure) {
        failure = closeAll(classScoped, failure);
        fixture = null;
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | RuntimeException e) {
                failure = add(failure, e);
            }
            dir = null;
        }
        return failure;
    }

    private static Exception closeAll(Deque<AutoCloseable> started, Exception failure) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        return failure;
    }

    private static Exception add(Exception failure, Exception e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private static void rethrow(Exception failure) throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    /** {@code env} for the first environment, {@code env-2}, {@code env-3} ... for the next. */
    private Path nextEnvironmentDir() {
        environments++;
        return folder().resolve(environments == 1 ? "env" : "env-" + environments);
    }

    private Path folder() {
        if (dir == null) {
            throw new IllegalStateException("GatewayExtension is not running: register it with @RegisterExtension");
        }
        return dir;
    }

    // ---- what a test starts itself, closed after it (or after the class, when started in @BeforeAll)

    /**
     * Closed with the test that registers it (or with the class, from {@code @BeforeAll}), before
     * what was registered earlier.
     */
    public <T extends AutoCloseable> T closeAfterwards(T resource) {
        (inTest ? testScoped : classScoped).push(resource);
        return resource;
    }

    /** A further gateway in an environment of its own. */
    public GatewayFixture start(Map<String, String> settings) throws Exception {
        return closeAfterwards(GatewayFixture.start(nextEnvironmentDir(), settings));
    }

    /** A further gateway, with settings that depend on its environment. */
    public GatewayFixture startWith(Function<DemoEnvironment, Map<String, String>> settings) throws Exception {
        return closeAfterwards(GatewayFixture.startWith(nextEnvironmentDir(), settings));
    }

    /** A further gateway, with the demo's agencies changed first. */
    public GatewayFixture startAdjusting(Map<String, String> settings, UnaryOperator<Agency> adjust) throws Exception {
        return closeAfterwards(GatewayFixture.startAdjusting(nextEnvironmentDir(), settings, adjust));
    }

    /** Two gateways on one PostgreSQL ledger and one broker (skipped without PostgreSQL, see {@link TwoGateways}). */
    public TwoGateways startTwo(Map<String, String> settings) throws Exception {
        return closeAfterwards(TwoGateways.start(nextEnvironmentDir(), settings));
    }

    /** The parts without a gateway, for a test that starts its gateways itself. */
    public DemoEnvironment startEnvironment() throws IOException {
        return closeAfterwards(DemoEnvironment.start(nextEnvironmentDir()));
    }

    /** A gateway on parts already running (see {@link #startEnvironment}), closed before them. */
    public Gateway startGateway(GatewayProperties props, AgencyRegistry agencies) throws Exception {
        return closeAfterwards(Gateway.start(props, agencies));
    }

    // ---- the extension's own gateway

    /** The temporary folder of the class (static registration) or of the test; the environments live in it. */
    public Path dir() {
        return folder();
    }

    public GatewayFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("no gateway of the extension's own: it was made with onDemand() or is not running");
        }
        return fixture;
    }

    public DemoEnvironment env() {
        return fixture().env;
    }

    public GatewayProperties props() {
        return fixture().props;
    }

    public Gateway gateway() {
        return fixture().gateway;
    }

    /** The agencies.yaml the gateway watches ({@link #withAgenciesFile}), or null. */
    public Path agenciesFile() {
        return fixture().agenciesFile;
    }

    /** Uploads over SFTP as the agency would. */
    public void upload(String agencyId, Path file, String name) {
        fixture().upload(agencyId, file, name);
    }

    /** Puts the file in the agency's inbox on the server's disk, as an upload tool would (temporary name, then renamed). */
    public void drop(String agencyId, Path file, String name) throws java.io.IOException {
        fixture().drop(agencyId, file, name);
    }

    /** Waits until the ledger has the file in a final state (DONE, FAILED or DUPLICATE). */
    public FileInfo awaitFinal(String agencyId, String name, Duration timeout) {
        return fixture().awaitFinal(agencyId, name, timeout);
    }

    /** The NIKs of the file's rows that ended ENROLLED, in row order. */
    public List<String> enrolledNiks(long fileId) {
        return fixture().enrolledNiks(fileId);
    }

    public Optional<FileInfo> latest(String agencyId, String name) {
        return fixture().latest(agencyId, name);
    }

    /** See {@link GatewayFixture#drainFinanceQueues}. */
    public List<String> drainFinanceQueues() throws Exception {
        return fixture().drainFinanceQueues();
    }

    /** See {@link GatewayFixture#enrollSample}. */
    public FileInfo enrollSample(String agencyId, String name, int rows, long seed) throws IOException {
        return fixture().enrollSample(agencyId, name, rows, seed);
    }
}
