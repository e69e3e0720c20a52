package id.jamsos.gateway.app;

import id.jamsos.gateway.cli.JamsosCommand;
import id.jamsos.gateway.security.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration check opens every configured key and trust store with its password before the
 * gateway connects anywhere: a missing file or a wrong password is a problem naming the setting and
 * never the password; plain HTTP off the machine is a warning.
 */
class TlsSettingsCheckTest {

    static final String WRONG_PASSWORD = "not-the-store-password";

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("certs"));
    }

    private static List<String> problems(Map<String, String> overrides) {
        Map<String, String> m = ConfigCheckTest.valid();
        m.putAll(overrides);
        return ConfigCheck.problems(GatewayProperties.of(m));
    }

    private static List<String> warnings(Map<String, String> overrides) {
        return ConfigCheck.warnings(GatewayProperties.of(overrides));
    }

    private static Map<String, String> callbackTls(String keyStore, String password) {
        return Map.of("camel.ssl.enabled", "true", "camel.ssl.keyStore", keyStore,
                "camel.ssl.keystorePassword", password, "camel.server.useGlobalSslContextParameters", "true");
    }

    @Test
    void storesThatOpenAreNoProblem() {
        assertThat(problems(Map.of(
                "jamsos.bpjs.url", "https://bpjs.example",
                "jamsos.bpjs.tls.trustStore", certs.trust.toString(),
                "jamsos.bpjs.tls.trustStorePassword", TestCertificates.PASSWORD,
                "jamsos.bpjs.tls.keyStore", certs.client.toString(),
                "jamsos.bpjs.tls.keyStorePassword", TestCertificates.PASSWORD,
                "camel.ssl.enabled", "true",
                "camel.ssl.keyStore", "file:" + certs.server,
                "camel.ssl.keystorePassword", TestCertificates.PASSWORD,
                "camel.ssl.trustStore", certs.clientTrust.toString(),
                "camel.ssl.trustStorePassword", TestCertificates.PASSWORD))).isEmpty();
    }

    @Test
    void aMissingTrustStoreFileIsAProblemNamingTheSetting() {
        Path missing = dir.resolve("nowhere/bpjs-trust.p12");
        assertThat(problems(Map.of("jamsos.bpjs.tls.trustStore", missing.toString(),
                "jamsos.bpjs.tls.trustStorePassword", TestCertificates.PASSWORD)))
                .containsExactly("jamsos.bpjs.tls.trustStore: no such file " + missing);
    }

    @Test
    void aWrongPasswordIsAProblemNamingThePasswordSettingNeverThePassword() {
        List<String> problems = problems(Map.of(
                "jamsos.bpjs.tls.trustStore", certs.trust.toString(),
                "jamsos.bpjs.tls.trustStorePassword", WRONG_PASSWORD,
                "jamsos.bpjs.tls.keyStore", certs.client.toString(),
                "jamsos.bpjs.tls.keyStorePassword", WRONG_PASSWORD));

        assertThat(problems).containsExactly(
                "jamsos.bpjs.tls.trustStorePassword does not open jamsos.bpjs.tls.trustStore (" + certs.trust
                        + "): wrong password");
        assertThat(String.join("\n", problems)).doesNotContain(WRONG_PASSWORD, TestCertificates.PASSWORD);
        // With the trust store right, the key store's password is the next problem.
        assertThat(problems(Map.of(
                "jamsos.bpjs.tls.trustStore", certs.trust.toString(),
                "jamsos.bpjs.tls.trustStorePassword", TestCertificates.PASSWORD,
                "jamsos.bpjs.tls.keyStore", certs.client.toString(),
                "jamsos.bpjs.tls.keyStorePassword", WRONG_PASSWORD)))
                .containsExactly("jamsos.bpjs.tls.keyStorePassword does not open jamsos.bpjs.tls.keyStore ("
                        + certs.client + "): wrong password");
    }

    @Test
    void aTrustStoreGivenAsClientKeyStoreIsAProblem() {
        assertThat(problems(Map.of("jamsos.bpjs.tls.keyStore", certs.trust.toString(),
                "jamsos.bpjs.tls.keyStorePassword", TestCertificates.PASSWORD)))
                .containsExactly("jamsos.bpjs.tls.keyStore (" + certs.trust + ") holds no private key");
    }

    @Test
    void theCallbackKeyStoreIsCheckedToo() {
        Path missing = dir.resolve("callback.p12");
        assertThat(problems(callbackTls("file:" + missing, TestCertificates.PASSWORD)))
                .containsExactly("camel.ssl.keyStore: no such file " + missing);
        assertThat(problems(callbackTls(certs.server.toString(), WRONG_PASSWORD)))
                .containsExactly("camel.ssl.keystorePassword does not open camel.ssl.keyStore (" + certs.server
                        + "): wrong password");
        // Camel would serve plain HTTP without a word, and refuses empty values with a stack trace.
        assertThat(problems(Map.of("camel.server.useGlobalSslContextParameters", "true", "camel.ssl.trustStore", "")))
                .containsExactly(
                        "camel.ssl.trustStore is empty, which Camel refuses: remove the line or give it a value",
                        "camel.server.useGlobalSslContextParameters=true needs camel.ssl.enabled=true and camel.ssl.keyStore");
    }

    @Test
    void theDumpMasksEveryTlsPassword() {
        Map<String, String> m = ConfigCheckTest.valid();
        m.put("jamsos.bpjs.tls.trustStorePassword", "trust-pass-value");
        m.put("jamsos.bpjs.tls.keyStorePassword", "key-pass-value");
        m.put("camel.ssl.keystorePassword", "camel-key-pass-value");
        m.put("camel.ssl.trustStorePassword", "camel-trust-pass-value");

        String dump = String.join("\n", ConfigCheck.maskedDump(GatewayProperties.of(m)));

        assertThat(dump).doesNotContain("trust-pass-value", "key-pass-value", "camel-key-pass-value",
                "camel-trust-pass-value");
        assertThat(dump).contains("jamsos.bpjs.tls.trustStorePassword=******", "camel.ssl.keystorePassword=******");
    }

    @Test
    void plainHttpOffThisMachineIsAWarningNotAProblem() {
        Map<String, String> remote = Map.of("jamsos.bpjs.url", "http://10.20.0.5:8089",
                "camel.server.host", "127.0.0.1");
        assertThat(warnings(remote)).containsExactly("jamsos.bpjs.url is plain http:// to 10.20.0.5: the workers'"
                + " personal data and the signed headers cross the network unencrypted; use https://");
        assertThat(problems(remote)).isEmpty();

        assertThat(warnings(Map.of("jamsos.bpjs.url", "http://127.0.0.1:8089", "camel.server.host", "127.0.0.1")))
                .isEmpty();
        assertThat(warnings(Map.of("jamsos.bpjs.url", "https://bpjs.example", "camel.server.host", "[::1]"))).isEmpty();
        assertThat(warnings(Map.of("jamsos.bpjs.url", "https://bpjs.example", "camel.server.host", "0.0.0.0",
                "camel.server.port", "8443")))
                .singleElement().asString().startsWith("the claim callback and /ops are plain HTTP on 0.0.0.0:8443");
        Map<String, String> callbackTls = new java.util.HashMap<>(callbackTls(certs.server.toString(),
                TestCertificates.PASSWORD));
        callbackTls.put("jamsos.bpjs.url", "https://bpjs.example");
        assertThat(warnings(callbackTls)).isEmpty();
    }

    @Test
    void theBrokerStoresAreOpenedForEveryCommandThatReachesTheBrokerNamingTheSetting() {
        Path missing = dir.resolve("nowhere/broker-trust.p12");
        Map<String, String> m = ConfigCheckTest.valid();
        m.put("jamsos.broker.tls.trustStore", missing.toString());
        m.put("jamsos.broker.tls.trustStorePassword", TestCertificates.PASSWORD);
        // status and replay reach the broker too, so they open its stores as run does.
        assertThat(ConfigCheck.problems(GatewayProperties.of(m), ProductionSettings.LEDGER_AND_BROKER))
                .containsExactly("jamsos.broker.tls.trustStore: no such file " + missing);

        m.put("jamsos.broker.tls.trustStore", certs.trust.toString());
        m.put("jamsos.broker.tls.trustStorePassword", WRONG_PASSWORD);
        List<String> problems = ConfigCheck.problems(GatewayProperties.of(m));
        assertThat(problems).containsExactly("jamsos.broker.tls.trustStorePassword does not open"
                + " jamsos.broker.tls.trustStore (" + certs.trust + "): wrong password");
        assertThat(String.join("\n", problems)).doesNotContain(WRONG_PASSWORD, TestCertificates.PASSWORD);

        m.put("jamsos.broker.tls.trustStorePassword", TestCertificates.PASSWORD);
        m.put("jamsos.broker.tls.keyStore", certs.trust.toString());
        m.put("jamsos.broker.tls.keyStorePassword", TestCertificates.PASSWORD);
        assertThat(ConfigCheck.problems(GatewayProperties.of(m)))
                .containsExactly("jamsos.broker.tls.keyStore (" + certs.trust + ") holds no private key");

        m.put("jamsos.broker.tls.keyStore", certs.client.toString());
        assertThat(ConfigCheck.problems(GatewayProperties.of(m))).isEmpty();
        m.put("jamsos.broker.tls.keyStorePassword", "broker-key-pass-value");
        assertThat(String.join("\n", ConfigCheck.maskedDump(GatewayProperties.of(m))))
                .contains("jamsos.broker.tls.keyStorePassword=******").doesNotContain("broker-key-pass-value");
    }

    @Test
    void aPlainTcpBrokerOffThisMachineIsAWarningNotAProblem() {
        Map<String, String> m = ConfigCheckTest.valid();
        m.put("jamsos.broker.url", "failover:(tcp://mq1.kota-sorong.go.id:61616,ssl://mq2.kota-sorong.go.id:61617)");
        m.put("jamsos.broker.user", "jamsos-gateway");
        m.put("jamsos.broker.password", "broker-password-value");
        m.put("camel.server.host", "127.0.0.1");
        assertThat(problems(m)).isEmpty();
        assertThat(warnings(m)).singleElement().asString().startsWith(
                "jamsos.broker.url reaches mq1.kota-sorong.go.id:61616 over plain tcp://");

        for (String quiet : List.of("ssl://mq.kota-sorong.go.id:61617", "failover:(ssl://mq1:61617,ssl://mq2:61617)",
                "tcp://127.0.0.1:61616", "failover:(tcp://localhost:61616)", "vm://embedded")) {
            assertThat(warnings(Map.of("jamsos.broker.url", quiet, "camel.server.host", "127.0.0.1")))
                    .as(quiet).isEmpty();
        }
        assertThat(warnings(Map.of("jamsos.broker.url", "tcp://127.0.0.1:61616", "camel.server.host", "127.0.0.1",
                "jamsos.broker.tls.trustStore", certs.trust.toString())))
                .containsExactly("jamsos.broker.tls.* is set but jamsos.broker.url has no ssl:// broker, so it is not used");
    }

    @Test
    void runStopsWithExitCode2AndTheProblemBeforeConnectingAnywhere() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path missing = dir.resolve("missing-trust.p12");
        StringBuilder file = new StringBuilder();
        ConfigCheckTest.valid().forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        file.append("jamsos.bpjs.url=https://bpjs.example\n");
        file.append("jamsos.bpjs.tls.trustStore=").append(missing.toString().replace("\\", "/")).append('\n');
        file.append("jamsos.bpjs.tls.trustStorePassword=").append(WRONG_PASSWORD).append('\n');
        Files.writeString(config.resolve("application.properties"), file.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new JamsosCommand()).execute("run", "--config", config.toString());
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("- jamsos.bpjs.tls.trustStore: no such file " + missing)
                .doesNotContain(WRONG_PASSWORD);
    }
}
