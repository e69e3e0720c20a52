package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A file dropped on SFTP ends with its reports in the outbox, its rows in the ledger, itself in .done. */
class AgencyIntakeRouteTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());

    @Test
    void aDroppedFileIsEnrolledReportedAndArchived() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("pekerja_2024-03.csv");
        var expected = SampleWorkers.generate(sample, 120, 7L, 10);

        fx.upload(agency, sample, "pekerja_2024-03.csv");
        FileInfo file = fx.awaitFinal(agency, "pekerja_2024-03.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(file.totalRows()).isEqualTo(120);
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        assertThat(counts.getOrDefault(RowState.ENROLLED, 0)).isEqualTo(expected.expectedAccepted());
        assertThat(counts.getOrDefault(RowState.REJECTED, 0)).isEqualTo(expected.expectedRejected());
        assertThat(counts.getOrDefault(RowState.PENDING, 0)).isZero();
        assertThat(fx.env().simulator().stats().maxTimesAnyNikEnrolled()).isEqualTo(1);

        Path results = fx.env().outbox(agency).resolve("pekerja_2024-03.csv.results.csv");
        Path rejects = fx.env().outbox(agency).resolve("pekerja_2024-03.csv.rejects.csv");
        List<String> resultLines = Files.readAllLines(results, StandardCharsets.UTF_8);
        assertThat(resultLines).hasSize(121);
        assertThat(resultLines.get(0)).contains("baris/row", "nik", "status", "kpj");
        assertThat(resultLines.stream().filter(l -> l.contains("TERDAFTAR/ENROLLED")).count())
                .isEqualTo(expected.expectedAccepted());
        // Every enrolled line carries a KPJ number: 11 characters, letters allowed in the first seven.
        assertThat(resultLines.stream().filter(l -> l.contains("TERDAFTAR/ENROLLED"))
                .allMatch(l -> l.matches(".*,[0-9A-Z]{7}\\d{4},.*"))).isTrue();
        List<String> rejectLines = Files.readAllLines(rejects, StandardCharsets.UTF_8);
        assertThat(rejectLines.get(0)).contains("baris/row", "alasan", "reason");
        assertThat(rejectLines.size() - 1).isGreaterThanOrEqualTo(expected.expectedRejected());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(fx.env().inbox(agency).resolve(".done/pekerja_2024-03.csv")));
        assertThat(fx.env().inbox(agency).resolve("pekerja_2024-03.csv")).doesNotExist();
    }

    @Test
    void theSameBytesUploadedAgainAreNotProcessedTwice() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path sample = fx.dir().resolve("dinsos.csv");
        SampleWorkers.generate(sample, 30, 11L, 0);
        fx.upload(agency, sample, "dinsos.csv");
        FileInfo first = fx.awaitFinal(agency, "dinsos.csv", Duration.ofSeconds(60));
        assertThat(first.state()).isEqualTo(FileState.DONE);
        long enrollRequestsBefore = fx.env().simulator().stats().enrollmentRequests();

        fx.upload(agency, sample, "dinsos-again.csv");
        FileInfo second = fx.awaitFinal(agency, "dinsos-again.csv", Duration.ofSeconds(60));

        assertThat(second.state()).isEqualTo(FileState.DUPLICATE);
        // The ledger knows first; the note and the archive move follow within the same exchange.
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(fx.env().inbox(agency).resolve(".done/dinsos-again.csv")));
        assertThat(Files.readString(fx.env().outbox(agency).resolve("dinsos-again.csv.duplicate.txt")))
                .contains("sudah pernah", "already received");
        assertThat(fx.env().simulator().stats().enrollmentRequests()).isEqualTo(enrollRequestsBefore);
    }

    @Test
    void aFileMissingARequiredColumnGoesToFailedWithAnErrorNote() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path bad = fx.dir().resolve("tanpa_nik.csv");
        Files.writeString(bad, "NAMA;TGL_LAHIR;JENIS_KELAMIN\nYohana Kambu;05/03/1990;P\n", StandardCharsets.UTF_8);

        fx.upload(agency, bad, "tanpa_nik.csv");
        FileInfo file = fx.awaitFinal(agency, "tanpa_nik.csv", Duration.ofSeconds(60));

        assertThat(file.state()).isEqualTo(FileState.FAILED);
        Path note = fx.env().inbox(agency).resolve(".failed/tanpa_nik.csv.error.txt");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(fx.env().inbox(agency).resolve(".failed/tanpa_nik.csv")));
        assertThat(note).exists();
        assertThat(Files.readString(note)).contains("tanpa_nik.csv", "NIK", "refused as a whole");
    }
}
