package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.support.KeyStoreFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A trial against a standalone simulator: it is told where the gateway's callback is and with
     * which credentials, and {@code simulator fire-claim} makes it pay a claim and call back, signed
     * as the gateway expects (X-cons-id, X-signature with the callback secret, user_key).
     */
    @Test
    void firesASignedClaimCallbackFromTheCommandLineWithTheCallbackCredentialsGiven() throws Exception {
        List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        gateway.createContext("/api/bpjs/klaim", ex -> {
            Map<String, String> call = new HashMap<>();
            for (String h : List.of("X-cons-id", "X-timestamp", "X-signature", "user_key")) {
                call.put(h, ex.getRequestHeaders().getFirst(h));
            }
            call.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.add(call);
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        gateway.start();
        String callback = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/api/bpjs/klaim";
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0",
                "--callback-url", callback, "--callback-cons-id", "KOTA-CB", "--callback-secret", "cb-secret-value",
                "--callback-user-key", "cb-user-key-value"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("Press Ctrl-C"));
            assertThat(out.toString()).contains("callback url    " + callback).contains("fire-claim")
                    .doesNotContain("cb-secret-value").doesNotContain("cb-user-key-value");
            String baseUrl = command.running().baseUrl();
            SimulatorConfig demo = SimulatorConfig.defaults();
            HttpRequest.Builder enroll = HttpRequest.newBuilder(URI.create(baseUrl + "/bpjstk/v1/peserta"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            new ObjectMapper().writeValueAsString(new EnrollmentRequest("r1", "9271014507900001",
                                    "Yohana Kambu", "1990-07-05", "P", "Sorong", "Jl. Basuki Rahmat 12", "Klasaman",
                                    "Sorong Timur", null, "pedagang", 1_000_000L, List.of("JKK", "JKM"), "9671"))));
            BpjsSignature.headers(demo.consId(), demo.secret(), demo.userKey(), Instant.now().getEpochSecond())
                    .forEach(enroll::header);
            assertThat(HttpClient.newHttpClient().send(enroll.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            StringWriter fired = new StringWriter();
            int code = ToolsCommand.commands().setOut(new PrintWriter(fired, true)).execute(
                    "simulator", "fire-claim", "--simulator", baseUrl, "--type", "JKK", "--amount", "2000000");

            assertThat(code).isZero();
            assertThat(fired.toString()).contains("JKK").contains("Rp 2,000,000").contains("9271********0001")
                    .contains("answered HTTP 200").doesNotContain("9271014507900001");
            assertThat(calls).hasSize(1);
            Map<String, String> call = calls.get(0);
            assertThat(call.get("X-cons-id")).isEqualTo("KOTA-CB");
            assertThat(call.get("user_key")).isEqualTo("cb-user-key-value");
            assertThat(call.get("X-signature")).isEqualTo(
                    BpjsSignature.signBody("KOTA-CB", Long.parseLong(call.get("X-timestamp")), "cb-secret-value",
                            call.get("body").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(call.get("body")).contains("\"claimType\":\"JKK\"").contains("9271014507900001")
                    .contains("2000000");

            // The admin API says what is wrong rather than firing at nobody.
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/sim/claims")).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"kpj\":\"00000000000\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(calls).hasSize(1);
        } finally {
            command.stop();
            gateway.stop(0);
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
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
