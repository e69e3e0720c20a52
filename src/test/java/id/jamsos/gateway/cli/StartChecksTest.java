package id.jamsos.gateway.cli;

import id.jamsos.gateway.finance.FinanceSignature;
import java.security.KeyPair;
import id.jamsos.gateway.support.CliRun;
import id.jamsos.gateway.app.PersonalDataKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `run` and the commands that open the ledger stop before they touch a database or a broker when the
 * configuration is incomplete (every problem listed, exit 2), and say in one line which database or
 * broker does not answer, and where, when one does not (exit 3, for systemd and Kubernetes to retry).
 */
// A gateway that got past the checks would run until stopped: a regression must fail, not hang.
@Timeout(120)
class StartChecksTest {

    @TempDir
    Path dir;

    /** Everything `run` needs, with an H2 ledger in the test's folder and a broker port nobody listens on. */
    private Map<String, String> complete() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jamsos.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath().toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        m.put("jamsos.broker.url", "tcp://127.0.0.1:" + freePort());
        m.put("jamsos.bpjs.consId", "JAMSOS-SORONG");
        m.put("jamsos.bpjs.secret", "bpjs-secret-value");
        m.put("jamsos.bpjs.userKey", "user-key-value");
        m.put("jamsos.callback.secret", "callback-secret-value-4fK9qT2mWx7Lp0Zr");
        KeyPair finance = FinanceSignature.generate();
        m.put("jamsos.finance.signingKey", FinanceSignature.encode(finance.getPrivate()));
        m.put("jamsos.finance.verifyKey", FinanceSignature.encode(finance.getPublic()));
        m.put("jamsos.work.dir", dir.resolve("work").toString().replace('\\', '/'));
        m.putAll(PersonalDataKeys.random("k1"));
        return m;
    }

    private Path config(Map<String, String> settings) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        StringBuilder file = new StringBuilder();
        settings.forEach((k, v) -> file.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(config.resolve("application.properties"), file.toString());
        Files.writeString(config.resolve("agencies.yaml"), "agencies: []\n");
        return config;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private boolean ledgerTouched() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("ledger"));
        }
    }

    @Test
    void runWithoutThePersonalDataKeysOrTheUserKeyListsThemAllAndTouchesNoDatabase() throws Exception {
        Map<String, String> settings = complete();
        settings.remove("jamsos.pii.hmacKey");
        settings.remove("jamsos.pii.encryptionKey");
        settings.remove("jamsos.bpjs.userKey");

        CliRun r = run("run", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(
                "- missing secret jamsos.pii.hmacKey (set JAMSOS_PII_HMACKEY)",
                "- missing secret jamsos.pii.encryptionKey (set JAMSOS_PII_ENCRYPTIONKEY)",
                "- missing secret jamsos.bpjs.userKey (set JAMSOS_BPJS_USERKEY)");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(ledgerTouched()).as("the ledger was not created or migrated").isFalse();
    }

    @Test
    void aPersonalDataKeyOfTheWrongFormIsAProblemNamedWithoutItsValue() throws Exception {
        Map<String, String> settings = complete();
        settings.put("jamsos.pii.hmacKey", "c2hvcnQ=");
        settings.put("jamsos.pii.encryptionKey", "no-key-id-here");

        CliRun r = run("run", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("jamsos.pii.encryptionKey must be <keyId>:<base64 of 32 random bytes>")
                .doesNotContain("c2hvcnQ=", "no-key-id-here");
        assertThat(ledgerTouched()).isFalse();
    }

    @Test
    void runRefusesTheDemosCallbackSecretAOneCharacterTokenAndAllZeroKeysByNameWithExit2() throws Exception {
        String zero = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String demoSecret = id.jamsos.gateway.simulator.SimulatorConfig.defaults().callbackSecret();
        Map<String, String> settings = complete();
        settings.put("jamsos.callback.secret", demoSecret);
        settings.put("jamsos.ops.token", "x");
        settings.put("jamsos.pii.hmacKey", zero);
        settings.put("jamsos.pii.encryptionKey", "k1:" + zero);

        CliRun r = run("run", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(
                "- jamsos.callback.secret (JAMSOS_CALLBACK_SECRET) is a public value",
                "- jamsos.ops.token (JAMSOS_OPS_TOKEN) is too short",
                "- jamsos.pii.hmacKey (JAMSOS_PII_HMACKEY) is not random",
                "- jamsos.pii.encryptionKey (JAMSOS_PII_ENCRYPTIONKEY) is not random");
        assertThat(r.err()).doesNotContain(demoSecret, zero, "Exception");
        assertThat(ledgerTouched()).isFalse();

        // The same settings are fine for an operator command, which opens no door.
        CliRun status = run("status", "--config", config(settings).toString());
        assertThat(status.err()).doesNotContain("not random", "public value");
    }

    @Test
    void runRefusesAnAgencyWithoutHostKeyCheckingOrWithAKeyOthersMayReadWithExit2() throws Exception {
        Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path config = config(complete());
        Path key = Files.writeString(config.resolve("agency.key"), "not really a key\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(config.resolve("agencies.yaml"), """
                agencies:
                  - id: distrik
                    name: Distrik
                    host: 127.0.0.1
                    user: distrik
                    private_key_file: agency.key
                    strict_host_key_checking: false
                    region_code: "9671"
                """);

        CliRun r = run("run", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(
                "- agency distrik: strict_host_key_checking: false is refused in production",
                "- agency distrik: private_key_file " + key.toAbsolutePath() + " may be read by group or others");
        assertThat(ledgerTouched()).isFalse();
    }

    @Test
    void everyCommandThatOpensTheLedgerChecksTheConfigurationFirst() throws Exception {
        Map<String, String> settings = complete();
        settings.remove("jamsos.pii.encryptionKey");
        String config = config(settings).toString();

        for (String[] args : new String[][] {{"status", "--config", config}, {"replay", "--all-parked", "--config", config},
                {"statement", "--period", "2024-03", "--no-publish", "--config", config}}) {
            CliRun r = run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).contains("missing secret jamsos.pii.encryptionKey (set JAMSOS_PII_ENCRYPTIONKEY)");
        }
        assertThat(ledgerTouched()).isFalse();
    }

    @Test
    void statusAndReplayDoNotAskForTheBpjsOrCallbackSecrets() throws Exception {
        Map<String, String> settings = complete();
        settings.remove("jamsos.bpjs.secret");
        settings.remove("jamsos.bpjs.userKey");
        settings.remove("jamsos.callback.secret");

        CliRun status = run("status", "--config", config(settings).toString());

        assertThat(status.err()).doesNotContain("missing");
        assertThat(status.exitCode()).isZero();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsOneLineWithItsAddressAndExit3() throws Exception {
        Map<String, String> settings = complete();
        String broker = settings.get("jamsos.broker.url");

        CliRun r = run("run", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .startsWith("the gateway did not start: the broker at " + broker + " does not answer")
                .endsWith("(exit 3: start again once it answers)");
    }

    @Test
    void aFailoverBrokerUrlThatFindsNoBrokerIsGivenUpAfterTheTimeout() throws Exception {
        Map<String, String> settings = complete();
        settings.put("jamsos.broker.url", "failover:(" + settings.get("jamsos.broker.url") + ")");
        long started = System.nanoTime();

        CliRun r = run("replay", "--all-parked", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("does not answer within 5 s");
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(20);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsOneLineWithoutItsPassword() throws Exception {
        Map<String, String> settings = complete();
        int port = freePort();
        settings.put("jamsos.ledger.url", "jdbc:postgresql://127.0.0.1:" + port + "/jamsos?password=hunter2-inline");
        settings.put("jamsos.ledger.user", "jamsos");

        CliRun r = run("run", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("hunter2", "\tat ", "Exception");
        // The broker is down too: one line for each.
        assertThat(r.err().strip().lines()).hasSize(2);
        assertThat(r.err().strip().lines().findFirst().orElseThrow()).startsWith("the gateway did not start: "
                + "the database (ledger) at jdbc:postgresql://127.0.0.1:" + port + "/jamsos?password=****** does not answer");
    }

    @Test
    void aDatabaseThatWasNeverCreatedIsAConfigurationProblemNotARetry() throws Exception {
        Assumptions.assumeTrue(answers("127.0.0.1", 5432), "PostgreSQL at 127.0.0.1:5432 does not answer");
        Map<String, String> settings = complete();
        settings.put("jamsos.ledger.url", "jdbc:postgresql://127.0.0.1:5432/jamsos_never_created");
        settings.put("jamsos.ledger.user", "postgres");
        settings.put("jamsos.ledger.password", "unused-with-trust-auth");

        CliRun r = run("status", "--config", config(settings).toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .contains("the database (ledger) at jdbc:postgresql://127.0.0.1:5432/jamsos_never_created refused the gateway")
                .contains("jamsos_never_created\" does not exist");
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
