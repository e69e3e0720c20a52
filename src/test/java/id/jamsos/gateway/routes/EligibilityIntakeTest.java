package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.eligibility.EligibilityCheck;
import id.jamsos.gateway.eligibility.EligibilityPolicy;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.support.CliRun;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intake's eligibility step on the whole gateway with real files: an extract imported with
 * {@code eligibility import} puts each file's first worker in decile 2, its second in decile 7 and
 * leaves out its third; the target is deciles 1-4. Under each policy the same shape of file is taken in
 * (other workers each time): off enrols all three, warn enrols them with the reason on the row in the
 * report, hold keeps the two in REVIEW with the reason, refuse rejects them as OUTSIDE_TARGET_DECILE and
 * NOT_ELIGIBLE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EligibilityIntakeTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.eligibility.policy", "warn",
            "jamsos.eligibility.targetDeciles", "1-4"));

    private static final String AGENCY = DemoEnvironment.KEY_AGENCY;
    private Path config;

    @BeforeAll
    void writeConfig() throws IOException {
        config = Files.createDirectories(fx.dir().resolve("config-elig"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props().asProperties().store(w, "written by EligibilityIntakeTest");
        }
    }

    /** Three workers of a file of their own; the extract names the first two. */
    private Path file(String name, long seed) throws IOException {
        Path sample = fx.dir().resolve(name);
        SampleWorkers.generate(sample, 3, seed, 0);
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        List<String> niks = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            niks.add(lines.get(i).split(";", 2)[0].replaceAll("[^0-9]", ""));
        }
        Path extract = fx.dir().resolve(name + ".dtsen.csv");
        Files.writeString(extract, "NIK,DESIL,KODE_DESA,ID_KELUARGA\n"
                + niks.get(0) + ",2,96.71.01.1001,RT-1\n"
                + niks.get(1) + ",7,96.71.01.1001,RT-2\n"
                + "12345,3,96.71.01.1001,RT-3\n", StandardCharsets.UTF_8);
        CliRun imported = CliRun.of("eligibility", "--config", config.toString(), "--json", "import",
                extract.toString(), "--name", "DTSEN " + name);
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(imported.out());
        assertThat(list.path("rows").asLong()).isEqualTo(2);
        assertThat(list.path("skipped").asLong()).isEqualTo(1);
        assertThat(list.path("villageCodeSystem").asText()).isEqualTo("KEMENDAGRI");
        assertThat(imported.out()).doesNotContain(niks.get(0));
        // The import is in the ledger's audit trail, as an operator's action through the gateway would be.
        Path trail = fx.dir().resolve(name + ".audit.json");
        CliRun exported = CliRun.of("audit", "--config", config.toString(), "export", "--json", trail.toString());
        assertThat(exported.exitCode()).as(exported.out() + exported.err()).isZero();
        assertThat(Files.readString(trail)).contains("ELIGIBILITY_IMPORT").contains("DTSEN " + name)
                .doesNotContain(niks.get(0));
        return sample;
    }

    private List<LedgerRow> takeIn(EligibilityPolicy policy, String name, long seed) throws IOException {
        fx.gateway().context().getRegistry().lookupByNameAndType(EligibilityCheck.BEAN, EligibilityCheck.class)
                .policy(policy);
        Path sample = file(name, seed);
        fx.upload(AGENCY, sample, name);
        FileInfo file = fx.awaitFinal(AGENCY, name, Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);
        List<LedgerRow> rows = new ArrayList<>();
        fx.gateway().ledger().forEachRow(file.id(), rows::add);
        return rows;
    }

    private String results(String name) throws IOException {
        Path results = fx.env().outbox(AGENCY).resolve(name + ".results.csv");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(results));
        return Files.readString(results, StandardCharsets.UTF_8);
    }

    private static List<String> states(List<LedgerRow> rows) {
        return rows.stream().map(r -> r.rowNo() + ":" + r.state()).toList();
    }

    @Test
    void offEnrolsEveryone() throws Exception {
        List<LedgerRow> rows = takeIn(EligibilityPolicy.OFF, "elig-off.csv", 301L);
        assertThat(states(rows)).containsExactly("2:ENROLLED", "3:ENROLLED", "4:ENROLLED");
        assertThat(results("elig-off.csv")).doesNotContain("Desil", "NOT_ELIGIBLE");
    }

    @Test
    void warnEnrolsAndSaysWhyBesideTheRow() throws Exception {
        List<LedgerRow> rows = takeIn(EligibilityPolicy.WARN, "elig-warn.csv", 302L);
        assertThat(states(rows)).containsExactly("2:ENROLLED", "3:ENROLLED", "4:ENROLLED");
        assertThat(results("elig-warn.csv"))
                .contains("Desil 7 di luar desil sasaran program (1-4)", "Decile 7 is outside")
                .contains("Tidak ada dalam daftar sasaran program", "Not on the programme's eligibility list");
    }

    @Test
    void holdKeepsTheRowsInReviewWithTheReason() throws Exception {
        List<LedgerRow> rows = takeIn(EligibilityPolicy.HOLD, "elig-hold.csv", 303L);
        assertThat(states(rows)).containsExactly("2:ENROLLED", "3:REVIEW", "4:REVIEW");
        assertThat(rows.get(1).lastError()).isEqualTo("Desil 7 di luar desil sasaran program (1-4) / Decile 7 is"
                + " outside the programme's target deciles (1-4)");
        assertThat(rows.get(2).lastError()).startsWith("Tidak ada dalam daftar sasaran program (DTSEN elig-hold.csv)")
                .contains(" / Not on the programme's eligibility list");
        assertThat(results("elig-hold.csv")).contains("DIPERIKSA PETUGAS/IN REVIEW", "Desil 7");
    }

    @Test
    void refuseRejectsByDecileAndByAbsence() throws Exception {
        List<LedgerRow> rows = takeIn(EligibilityPolicy.REFUSE, "elig-refuse.csv", 304L);
        assertThat(states(rows)).containsExactly("2:ENROLLED", "3:REJECTED", "4:REJECTED");
        assertThat(rows.get(1).reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("OUTSIDE_TARGET_DECILE");
            assertThat(r.messageId()).contains("Desil 7");
            assertThat(r.messageEn()).contains("Decile 7");
        });
        assertThat(rows.get(2).reasons()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo("NOT_ELIGIBLE"));
        assertThat(results("elig-refuse.csv")).contains("DITOLAK/REJECTED,,NIK: Desil 7 di luar desil sasaran program (1-4)",
                "Not on the programme's eligibility list (DTSEN elig-refuse.csv)");

        CliRun status = CliRun.of("eligibility", "--config", config.toString(), "--json", "status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(status.out());
        assertThat(s.path("policy").asText()).isEqualTo("WARN");
        assertThat(s.path("active").path("name").asText()).isEqualTo("DTSEN elig-refuse.csv");
        assertThat(s.path("recent").get(1).path("state").asText()).isEqualTo("REPLACED");
    }
}
