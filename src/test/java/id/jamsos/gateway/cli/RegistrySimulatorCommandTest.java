package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.simulator.RegistryPopulation;
import id.jamsos.gateway.simulator.RegistrySimulator;
import id.jamsos.gateway.simulator.RegistrySimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry simulator: it knows the people of a file {@code generate} wrote with the same rows, seed
 * and bad-row rate; its admin changes a person; and {@code registry-simulator} starts it from the
 * command line with its faults, masks the password, and stops.
 */
class RegistrySimulatorCommandTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static String ask(RegistrySimulatorConfig c, String nik, String name, String birth, String sex) {
        return "{\"USER_ID\":\"" + c.userId() + "\",\"PASSWORD\":\"" + c.password() + "\",\"IP_USER\":\"10.10.1.20\","
                + "\"NIK\":\"" + nik + "\",\"NAMA_LGKP\":\"" + name + "\",\"TGL_LHR\":\"" + birth + "\","
                + "\"JENIS_KLMIN\":\"" + sex + "\",\"TRESHOLD\":80}";
    }

    @Test
    void everyRowOfTheGeneratedFileIsAPersonTheSimulatorKnows() throws Exception {
        Path file = dir.resolve("sample.csv");
        SampleWorkers.generate(file, 40, 7L, 6);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        RegistrySimulatorConfig config = RegistrySimulatorConfig.defaults().withSample(40, 7L, 6);
        try (RegistrySimulator sim = RegistrySimulator.start(config)) {
            int asked = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(";", -1);
                // The good rows: a 16-digit NIK, a name, an L/P sex as written (bad rows are the file's, not the people's).
                if (!cells[0].matches("\\d{16}") || cells[1].isEmpty() || !cells[4].matches("L|P")) {
                    continue;
                }
                String birth = cells[3].replace('/', '-');
                // A sex or birth date the row got wrong (the sex-mismatch and future-birth faults) is not
                // the person's: the NIK's digits say who they are.
                java.time.LocalDate date = java.time.LocalDate.parse(birth, java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy"));
                if (!cells[0].substring(6, 12).equals(id.jamsos.gateway.nik.Nik.birthSegment(date,
                        id.jamsos.gateway.model.Sex.valueOf(cells[4])))) {
                    continue;
                }
                JsonNode person = post(sim.serviceUrl(), ask(config, cells[0], cells[1], birth, cells[4]))
                        .path("content").get(0);
                if (person.has("RESPON")) {
                    // The duplicate-NIK fault repeats an earlier NIK under another name: that person is the first.
                    continue;
                }
                assertThat(person.path("TGL_LHR").asText()).as(cells[0].substring(0, 6)).isEqualTo("Sesuai (100)");
                assertThat(person.path("JENIS_KLMIN").asText()).isEqualTo("Sesuai (100)");
                assertThat(person.path("EKTP_STATUS").asText()).isEqualTo("SUDAH REKAM");
                asked++;
            }
            assertThat(asked).isGreaterThan(25);
            assertThat(sim.answers().getOrDefault("MATCH", 0L)).isGreaterThan(25);
        }
    }

    @Test
    void theAdminChangesAPersonAndTheAnswersFollow() throws Exception {
        RegistrySimulatorConfig config = RegistrySimulatorConfig.defaults().withSample(0, 42L, 0);
        try (RegistrySimulator sim = RegistrySimulator.start(config)) {
            RegistryPopulation.Person p = RegistryPopulation.MATCHING;
            String request = ask(config, p.nik(), p.fullName(), "01-01-1980", "LAKI-LAKI");
            assertThat(post(sim.serviceUrl(), request).at("/content/0/NAMA_LGKP").asText()).isEqualTo("Sesuai (100)");

            post(sim.baseUrl() + "/sim/people", "{\"nik\":\"" + p.nik() + "\",\"change\":\"unrecorded\"}");
            assertThat(post(sim.serviceUrl(), request).at("/content/0/EKTP_STATUS").asText()).isEqualTo("BELUM REKAM");

            post(sim.baseUrl() + "/sim/people", "{\"nik\":\"" + p.nik() + "\",\"change\":\"forget\"}");
            assertThat(post(sim.serviceUrl(), request).at("/content/0/RESPON").asText()).isEqualTo("Data Tidak Ditemukan");

            post(sim.baseUrl() + "/sim/reset", "{}");
            assertThat(post(sim.serviceUrl(), request).at("/content/0/EKTP_STATUS").asText()).isEqualTo("SUDAH REKAM");
        }
    }

    @Test
    void startsWithOptionsMasksThePasswordAndStops() throws Exception {
        RegistrySimulatorCommand command = new RegistrySimulatorCommand();
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0", "--rows", "10",
                "--password", "secret-of-the-test", "--rate-limit", "7", "--allowed-ip", "any"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("Press Ctrl-C"));
            String banner = out.toString();
            RegistrySimulator sim = command.running();

            assertThat(banner).contains(sim.serviceUrl()).contains("se****").doesNotContain("secret-of-the-test")
                    .doesNotContain(RegistryPopulation.MATCHING.nik()).contains("IP_USER         any");
            assertThat(sim.faults().rateLimitPerSecond()).isEqualTo(7);
            JsonNode refused = post(sim.serviceUrl(), ask(sim.config(), RegistryPopulation.MATCHING.nik(), "X", "01-01-1980", "L")
                    .replace("secret-of-the-test", "wrong"));
            assertThat(refused.at("/content/0/RESPON").asText()).isEqualTo("Login Gagal");
        } finally {
            command.stop();
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(command.running()).isNull();
    }
}
