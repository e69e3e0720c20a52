package id.jamsos.gateway.demo;

import id.jamsos.gateway.finance.FinanceSignature;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.embedded.EmbeddedBroker;
import id.jamsos.gateway.embedded.EmbeddedSftpServer;
import id.jamsos.gateway.embedded.SshKeys;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.support.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the gateway talks to, embedded and on loopback: an SFTP server with two agency
 * accounts (one with a key, one with a password), an ActiveMQ broker and the BPJS simulator.
 * The demo runs on it, and so do the end-to-end tests.
 */
public final class DemoEnvironment implements AutoCloseable {

    public static final String KEY_AGENCY = "distrik-sorong-timur";
    public static final String PASSWORD_AGENCY = "dinas-sosial";
    /** Public on purpose: it only ever guards a demo account on loopback. */
    public static final String DEMO_PASSWORD = "demo-sftp-password";

    private final Path dir;
    private final EmbeddedSftpServer sftp;
    private final EmbeddedBroker broker;
    private final BpjsSimulator simulator;
    private final AgencyRegistry agencies;
    private final Path knownHosts;
    private final Path agencyKey;
    private final int httpPort;
    /** Camel's management port (health probes, metrics), apart from the callback's as in production. */
    private final int managementPort;
    /** The same across gateway restarts on this environment (the ledger outlives a gateway). */
    private final Map<String, String> piiKeys;
    /** The finance signing key pair of this environment (jamsos.finance.signingKey, verifyKey). */
    private final Map<String, String> financeKeys;

    private DemoEnvironment(Path dir, EmbeddedSftpServer sftp, EmbeddedBroker broker, BpjsSimulator simulator,
                            AgencyRegistry agencies, Path knownHosts, Path agencyKey, int httpPort,
                            Map<String, String> piiKeys) {
        this.piiKeys = Map.copyOf(piiKeys);
        java.security.KeyPair finance = FinanceSignature.generate();
        this.financeKeys = Map.of("jamsos.finance.signingKey", FinanceSignature.encode(finance.getPrivate()),
                "jamsos.finance.verifyKey", FinanceSignature.encode(finance.getPublic()));
        this.dir = dir;
        this.sftp = sftp;
        this.broker = broker;
        this.simulator = simulator;
        this.agencies = agencies;
        this.knownHosts = knownHosts;
        this.agencyKey = agencyKey;
        this.httpPort = httpPort;
        this.managementPort = freePort();
    }

    /** With random personal-data keys, as a fresh ledger needs. */
    public static DemoEnvironment start(Path dir) throws IOException {
        return start(dir, PersonalDataKeys.random("demo1"), SimulatorConfig.defaults().kpjSeed());
    }

    /**
     * With the personal-data keys ({@code jamsos.pii.*}) of a ledger already in {@code dir}, and a
     * seed for the simulator's KPJ numbers: the simulator forgets its members when it stops, so a
     * ledger that outlives it needs another seed, or new workers would get KPJs it already holds.
     */
    public static DemoEnvironment start(Path dir, Map<String, String> piiKeys, long kpjSeed) throws IOException {
        return start(dir, piiKeys, kpjSeed, SimulatorConfig.defaults().callbackSecret());
    }

    /**
     * As above, with the secret the simulator signs claim callbacks with: {@code run} refuses the
     * demo's public one, so a test that starts {@code run} on this environment and sends callbacks
     * needs a secret of its own.
     */
    public static DemoEnvironment start(Path dir, Map<String, String> piiKeys, long kpjSeed, String callbackSecret)
            throws IOException {
        // Its SFTP homes, ledger and broker hold the made-up workers' files: owner only, as in production.
        PrivateFiles.createDirectories(dir);
        EmbeddedBroker broker = null;
        EmbeddedSftpServer sftp = null;
        BpjsSimulator simulator = null;
        try {
            broker = EmbeddedBroker.start(dir.resolve("broker"), true);
            SimulatorConfig d = SimulatorConfig.defaults();
            simulator = BpjsSimulator.start(new SimulatorConfig(d.host(), d.port(), d.consId(), d.secret(), d.userKey(),
                    d.callbackConsId(), callbackSecret, kpjSeed));
            sftp = EmbeddedSftpServer.start(dir.resolve("sftp"), 0, dir.resolve("sftp-host-key"));

            KeyPair key = SshKeys.generateRsa(3072);
            Path agencyKey = dir.resolve(KEY_AGENCY + ".key");
            SshKeys.writeOpenSshPrivateKey(key, agencyKey);
            sftp.addKeyUser(KEY_AGENCY, key.getPublic());
            sftp.addPasswordUser(PASSWORD_AGENCY, DEMO_PASSWORD);
            for (String user : List.of(KEY_AGENCY, PASSWORD_AGENCY)) {
                Files.createDirectories(sftp.homeOf(user).resolve("inbox"));
                Files.createDirectories(sftp.homeOf(user).resolve("outbox"));
            }
            Path knownHosts = dir.resolve("known_hosts");
            sftp.writeKnownHosts(knownHosts);

            AgencyRegistry agencies = AgencyRegistry.of(List.of(
                    new Agency(KEY_AGENCY, "Kantor Distrik Sorong Timur", sftp.host(), sftp.port(), KEY_AGENCY,
                            null, null, agencyKey, knownHosts, true, "inbox", "outbox",
                            "9671", "Sorong Timur", true),
                    new Agency(PASSWORD_AGENCY, "Dinas Sosial Kota Sorong", sftp.host(), sftp.port(), PASSWORD_AGENCY,
                            DEMO_PASSWORD, null, null, knownHosts, true, "inbox", "outbox",
                            "9671", null, true)));
            return new DemoEnvironment(dir, sftp, broker, simulator, agencies, knownHosts, agencyKey, freePort(), piiKeys);
        } catch (RuntimeException | IOException e) {
            closeQuietly(simulator);
            closeQuietly(sftp);
            closeQuietly(broker);
            throw e;
        }
    }

    /** Gateway settings pointing at this environment, with an H2 ledger in the environment's folder. */
    public GatewayProperties gatewayProperties(Map<String, String> overrides) {
        return GatewayProperties.of(settings(overrides));
    }

    /**
     * The ledger's URL for when other processes must open it while the gateway has it open (the
     * demo's status, replay and statement commands): H2's automatic mixed mode, in which the first
     * process serves the file to the others over TCP. Without it H2 locks the file to one process.
     */
    public String sharedLedgerUrl() {
        return ledgerUrl() + ";AUTO_SERVER=TRUE";
    }

    private String ledgerUrl() {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** The settings of {@link #gatewayProperties}, as written (the demo's config folder). */
    public Map<String, String> settings(Map<String, String> overrides) {
        SimulatorConfig sim = simulator.config();
        Map<String, String> p = new HashMap<>();
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", String.valueOf(httpPort));
        p.put("camel.management.port", String.valueOf(managementPort));
        p.put("jamsos.ledger.url", ledgerUrl());
        p.put("jamsos.broker.url", broker.brokerUrl());
        p.put("jamsos.bpjs.url", simulator.baseUrl());
        p.put("jamsos.bpjs.consId", sim.consId());
        p.put("jamsos.bpjs.secret", sim.secret());
        p.put("jamsos.bpjs.userKey", sim.userKey());
        p.put("jamsos.callback.consId", sim.callbackConsId());
        p.put("jamsos.callback.secret", sim.callbackSecret());
        p.put("jamsos.work.dir", dir.resolve("work").toString());
        p.put("jamsos.intake.pollDelayMs", "500");
        p.put("jamsos.intake.readLockCheckIntervalMs", "300");
        p.put("jamsos.intake.readLockMinAgeMs", "600");
        p.putAll(piiKeys);
        p.putAll(financeKeys);
        p.putAll(overrides);
        return p;
    }

    public String callbackUrl(GatewayProperties props) {
        return "http://127.0.0.1:" + httpPort + props.get("jamsos.callback.path");
    }

    /** A Camel endpoint URI that uploads to an agency's inbox as that agency would. */
    public String uploadUri(String agencyId) {
        String auth = KEY_AGENCY.equals(agencyId) ? "privateKeyFile=" + agencyKey : "password=RAW(" + DEMO_PASSWORD + ")";
        return "sftp:" + sftp.host() + ":" + sftp.port() + "/inbox?username=" + agencyId + "&" + auth
                + "&knownHostsFile=" + knownHosts + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                + "&tempPrefix=.uploading-";
    }

    public Path outbox(String agencyId) {
        return sftp.homeOf(agencyId).resolve("outbox");
    }

    public Path inbox(String agencyId) {
        return sftp.homeOf(agencyId).resolve("inbox");
    }

    public Path dir() {
        return dir;
    }

    public EmbeddedSftpServer sftp() {
        return sftp;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public BpjsSimulator simulator() {
        return simulator;
    }

    public AgencyRegistry agencies() {
        return agencies;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where {@code /observe/health/live}, {@code /observe/health/ready} and {@code /observe/metrics} answer. */
    public int managementPort() {
        return managementPort;
    }

    @Override
    public void close() {
        closeQuietly(simulator);
        closeQuietly(sftp);
        closeQuietly(broker);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Shutting down the demo: the first error already told the story.
            }
        }
    }
}
