package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.support.KeyStoreFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCommandTest {

    @Test
    void startsWithOptionsPrintsMaskedCredentialsAndStops() throws Exception {
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--port", "0", "--latency-ms", "5", "--error-rate", "0.25", "--rate-limit", "40",
                "--secret", "topsecret-value"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("Press Ctrl-C"));
            String banner = out.toString();
            String baseUrl = command.running().baseUrl();

            assertThat(banner).contains(baseUrl + "/bpjstk/v1").contains("JAMSOS-SORONG")
                    .contains("to*******").doesNotContain("topsecret-value")
                    .doesNotContain("demo-callback-secret").doesNotContain("demo-user-key");
            assertThat(command.running().faults().latencyMs()).isEqualTo(5);
            assertThat(command.running().faults().errorRate()).isEqualTo(0.25);
            assertThat(command.running().faults().rateLimitPerSecond()).isEqualTo(40);
            assertThat(command.running().config().secret()).isEqualTo("topsecret-value");

            HttpResponse<String> stats = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
        } finally {
            command.stop();
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(command.running()).isNull();
    }

    @Test
    void defaultPortIs8089() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.port).isEqualTo(8089);
        assertThat(command.host).isEqualTo("127.0.0.1");
    }

    @Test
    void servesHttpsWithAKeyStoreAndRefusesOneItCannotOpen(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--port", "0", "--tls-keystore", certs.server.toString(), "--tls-password", TestCertificates.PASSWORD));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("Press Ctrl-C"));
            String baseUrl = command.running().baseUrl();
            assertThat(baseUrl).startsWith("https://127.0.0.1:");
            assertThat(out.toString()).contains("tls             keystore " + certs.server)
                    .doesNotContain(TestCertificates.PASSWORD);

            HttpClient trusting = HttpClient.newBuilder().sslContext(KeyStoreFiles.sslContext(null, null,
                    KeyStoreFiles.openTrustStore(certs.trust, TestCertificates.PASSWORD, "PKCS12", "t", "p"))).build();
            HttpResponse<String> stats = trusting.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
        } finally {
            command.stop();
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();

        StringWriter err = new StringWriter();
        int refused = new CommandLine(new SimulatorCommand()).setErr(new PrintWriter(err, true))
                .execute("--port", "0", "--tls-keystore", certs.server.toString(), "--tls-password", "wrong-password");
        assertThat(refused).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-password does not open --tls-keystore").doesNotContain("wrong-password");
    }
}
