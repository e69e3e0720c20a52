package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import static org.awaitility.Awaitility.await;

/**
 * A running gateway on the embedded SFTP server, broker and simulator, for the system tests. A test
 * gets one from {@link GatewayExtension}, which also closes it; the static starts are for a test that
 * must close its gateway itself, mid-test, to look at what it left on disk.
 */
public final class GatewayFixture implements AutoCloseable {

    public final DemoEnvironment env;
    public final GatewayProperties props;
    public final Gateway gateway;
    /** The agencies.yaml the gateway watches, or null when it was given the demo's agencies in code. */
    public final Path agenciesFile;
    private final ProducerTemplate producer;

    private GatewayFixture(DemoEnvironment env, GatewayProperties props, Gateway gateway, Path agenciesFile) {
        this.env = env;
        this.props = props;
        this.gateway = gateway;
        this.agenciesFile = agenciesFile;
        this.producer = gateway.context().createProducerTemplate();
    }

    /**
     * As {@code run} starts it: the demo's agencies written to {@code config/agencies.yaml} under
     * {@code dir}, loaded from there, and the file watched for changes.
     */
    public static GatewayFixture startFromFile(Path dir, Map<String, String> overrides) throws Exception {
        DemoEnvironment env = DemoEnvironment.start(dir);
        try {
            GatewayProperties props = env.gatewayProperties(overrides);
            Path file = java.nio.file.Files.createDirectories(dir.resolve("config")).resolve("agencies.yaml");
            AgenciesYaml.write(file, env.agencies().agencies());
            AgencyRegistry agencies = AgencyRegistry.load(file, System::getenv);
            return new GatewayFixture(env, props, Gateway.start(props, agencies, file), file);
        } catch (Exception | Error e) {
            env.close();
            throw e;
        }
    }

    public static GatewayFixture start(Path dir, Map<String, String> overrides) throws Exception {
        return startWith(dir, env -> overrides);
    }

    /** For settings that depend on the environment, such as the broker's port. */
    public static GatewayFixture startWith(Path dir, Function<DemoEnvironment, Map<String, String>> overrides) throws Exception {
        DemoEnvironment env = DemoEnvironment.start(dir);
        try {
            GatewayProperties props = env.gatewayProperties(overrides.apply(env));
            return new GatewayFixture(env, props, Gateway.start(props, env.agencies()), null);
        } catch (Exception | Error e) {
            env.close();
            throw e;
        }
    }

    /** With the demo's agencies changed first, e.g. one that uploads by script with a completion marker. */
    public static GatewayFixture startAdjusting(Path dir, Map<String, String> overrides,
                                                UnaryOperator<Agency> adjust) throws Exception {
        DemoEnvironment env = DemoEnvironment.start(dir);
        try {
            GatewayProperties props = env.gatewayProperties(overrides);
            AgencyRegistry agencies = AgencyRegistry.of(env.agencies().agencies().stream().map(adjust).toList());
            return new GatewayFixture(env, props, Gateway.start(props, agencies), null);
        } catch (Exception | Error e) {
            env.close();
            throw e;
        }
    }

    /** With agencies of the test's own, whose SFTP accounts {@code agencies} opens on the environment first. */
    public static GatewayFixture startWithAgencies(Path dir, Map<String, String> overrides,
                                                   Function<DemoEnvironment, List<Agency>> agencies) throws Exception {
        DemoEnvironment env = DemoEnvironment.start(dir);
        try {
            GatewayProperties props = env.gatewayProperties(overrides);
            return new GatewayFixture(env, props, Gateway.start(props, AgencyRegistry.of(agencies.apply(env))), null);
        } catch (Exception | Error e) {
            env.close();
            throw e;
        }
    }

    /** Uploads over SFTP as the agency would. */
    public void upload(String agencyId, Path file, String name) {
        producer.sendBodyAndHeader(env.uploadUri(agencyId), file.toFile(), Exchange.FILE_NAME, name);
    }

    /**
     * Puts the file in the agency's inbox on the server's disk, as an upload tool would (under a temporary
     * name, then renamed): for agencies whose login the environment does not know.
     */
    public void drop(String agencyId, Path file, String name) throws java.io.IOException {
        Path target = env.inbox(agencyId).resolve(name);
        Path partial = target.resolveSibling(name + ".part");
        java.nio.file.Files.copy(file, partial);
        java.nio.file.Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the ledger has the file in a final state (DONE, FAILED or DUPLICATE). */
    public FileInfo awaitFinal(String agencyId, String name, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> latest(agencyId, name)
                        .filter(f -> f.state() == FileState.DONE || f.state() == FileState.FAILED
                                || f.state() == FileState.DUPLICATE)
                        .orElse(null),
                f -> f != null);
    }

    /** The NIKs of the file's rows that ended ENROLLED, in row order. */
    public List<String> enrolledNiks(long fileId) {
        List<String> niks = new ArrayList<>();
        gateway.ledger().forEachRow(fileId, r -> {
            if (r.state() == RowState.ENROLLED) {
                niks.add(r.nik());
            }
        });
        return niks;
    }

    /**
     * Workers to work with: a sample of valid rows written beside the environment's folder, uploaded
     * as the agency would, and waited for until final.
     */
    public FileInfo enrollSample(String agencyId, String name, int rows, long seed) throws IOException {
        Path sample = env.dir().resolveSibling(name);
        SampleWorkers.generate(sample, rows, seed, 0);
        upload(agencyId, sample, name);
        return awaitFinal(agencyId, name, Duration.ofSeconds(60));
    }

    /** The ids of every message on the finance and review queues, which are left empty. */
    public List<String> drainFinanceQueues() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String queue : List.of(props.get("jamsos.finance.queue"), props.get("jamsos.finance.reviewQueue"))) {
            try (FinanceQueueReader reader = new FinanceQueueReader(env.broker().brokerUrl(), queue)) {
                reader.take(10_000, Duration.ofSeconds(2)).forEach(m -> ids.add(m.messageId()));
            }
        }
        return ids;
    }

    public Optional<FileInfo> latest(String agencyId, String name) {
        return gateway.ledger().files(agencyId, 50).stream().filter(f -> f.fileName().equals(name)).findFirst();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            env.close();
        }
    }
}
