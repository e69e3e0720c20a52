package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention routes on the embedded SFTP server and the gateway's ledger, with a period of 30 days
 * and a run every 300 ms: old archived files go, everything else on the server stays; a file finished
 * long ago loses its rows, keeps its counts, and its workers' claims still reach finance enriched.
 */
class RetentionRouteTest {

    private static final Duration LONG_AGO = Duration.ofDays(100);
    private static final String TOKEN = "retention-test-operator-token";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.retention.days", "30",
            "jamsos.retention.checkIntervalMs", "300",
            "jamsos.retention.delayMs", "300",
            "jamsos.ops.token", TOKEN));

    private static Path file(Path path, Duration age) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "NIK,NAMA\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(age)));
        return path;
    }

    @Test
    void oldArchivedFilesAreDeletedAndNothingElseIsTouched() throws Exception {
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path inbox = fx.env().inbox(agency);
        // The ledger still holds this file's rows: its archived copy stays whatever its time says.
        fx.gateway().ledger().registerFile(agency, "tracked.csv", "e".repeat(64), Instant.now());
        Path tracked = file(inbox.resolve(".done/tracked.csv"), LONG_AGO);
        Path recent = file(inbox.resolve(".done/recent.csv"), Duration.ofDays(29));
        Path waiting = file(inbox.resolve("upload.csv.part"), LONG_AGO);
        Path report = file(fx.env().outbox(agency).resolve("old.csv.results.csv"), LONG_AGO);
        List<Path> old = List.of(
                file(inbox.resolve(".done/old.csv"), LONG_AGO),
                file(inbox.resolve(".done/old.xlsx"), Duration.ofDays(31)),
                file(inbox.resolve(".failed/refused.csv"), LONG_AGO),
                file(inbox.resolve(".failed/refused.csv.error.txt"), LONG_AGO),
                // The ledger's file of that name belongs to the other agency.
                file(fx.env().inbox(DemoEnvironment.KEY_AGENCY).resolve(".done/tracked.csv"), LONG_AGO));

        await().atMost(Duration.ofSeconds(20)).until(() -> old.stream().noneMatch(Files::exists));
        // One more old file, so that at least one later poll has passed over the ones that must stay.
        Path later = file(inbox.resolve(".failed/later.csv.error.txt"), LONG_AGO);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(later));

        assertThat(List.of(tracked, recent, waiting, report)).allMatch(Files::exists);
        assertThat(inbox.resolve(".done")).isDirectory();
        assertThat(inbox.resolve(".failed")).isDirectory();
    }

    @Test
    void aFileFinishedLongAgoLosesItsRowsKeepsItsCountsAndItsWorkersStillClaim() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("pekerja_lama.csv");
        var expected = SampleWorkers.generate(sample, 30, 11L, 6);
        fx.upload(agency, sample, "pekerja_lama.csv");
        FileInfo file = fx.awaitFinal(agency, "pekerja_lama.csv", Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);
        Map<RowState, Integer> counts = fx.gateway().ledger().rowCounts(file.id());
        assertThat(counts.get(RowState.ENROLLED)).isEqualTo(expected.expectedAccepted());
        List<String> enrolled = new ArrayList<>();
        fx.gateway().ledger().forEachRow(file.id(), r -> {
            if (r.state() == RowState.ENROLLED) {
                enrolled.add(r.nik());
            }
        });
        // Recent: the job leaves it alone however often it runs.
        assertThat(fx.gateway().ledger().file(file.id()).orElseThrow().purgedAt()).isNull();

        try (LogCapture log = LogCapture.attach()) {
            finishedLongAgo(file.id());

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> fx.gateway().ledger().file(file.id()).orElseThrow().purgedAt() != null);
            await().atMost(Duration.ofSeconds(20)).until(() -> rowsInLedger(file.id()) == 0);

            assertThat(fx.gateway().ledger().rowCounts(file.id())).isEqualTo(counts);
            // The operator still sees what became of the file's rows, and that they are gone.
            OpsHttp http = new OpsHttp(fx.env().httpPort());
            JsonNode api = FinanceMessages.JSON.readTree(
                    http.get("/ops/api/files/" + file.id() + "/rows", OpsHttp.bearer(TOKEN)).body());
            assertThat(api.path("counts").path("ENROLLED").asInt()).isEqualTo(expected.expectedAccepted());
            assertThat(api.path("counts").path("REJECTED").asInt()).isEqualTo(expected.expectedRejected());
            assertThat(api.path("purgedAt").isTextual()).isTrue();
            assertThat(api.path("rejected")).isEmpty();
            assertThat(http.get("/ops", OpsHttp.bearer(TOKEN)).body())
                    // Within the file's own table row: its enrolled count and the purge.
                    .containsPattern("data-file-id=\"" + file.id() + "\"(?:(?!</tr>).)*data-count=\"ENROLLED\">"
                            + expected.expectedAccepted() + "</td>(?:(?!</tr>).)*rows purged")
                    .contains("Retention: rows of 1 finished files deleted");
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO")
                    .contains("retention: 1 files finished before").contains("30 of their rows deleted"));
            assertThat(log.lines()).noneMatch(l -> l.matches("(?s).*\\d{16}.*"));
        }

        ClaimNotice claim = fx.env().simulator().jkmClaimFor(enrolled.get(0));
        assertThat(fx.env().simulator().fireClaim(fx.env().callbackUrl(fx.props()), claim)).isEqualTo(200);
        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            List<FinanceQueueReader.Received> got = finance.take(1, Duration.ofSeconds(10));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).agencyId()).isEqualTo(agency);
            assertThat(FinanceMessages.JSON.readTree(got.get(0).body()).path("worker").path("kpj").asText())
                    .matches("[0-9A-Z]{7}\\d{4}");
        }
        // The archived copy was uploaded just now: it stays for its own 30 days.
        assertThat(fx.env().inbox(agency).resolve(".done/pekerja_lama.csv")).exists();
    }

    private static Connection ledgerDb() throws SQLException {
        return DriverManager.getConnection(fx.props().get("jamsos.ledger.url"), "sa", "");
    }

    private static void finishedLongAgo(long fileId) throws SQLException {
        OffsetDateTime then = OffsetDateTime.now(ZoneOffset.UTC).minus(LONG_AGO);
        try (Connection c = ledgerDb(); PreparedStatement ps = c.prepareStatement(
                "UPDATE agency_file SET received_at = ?, reported_at = ? WHERE id = ?")) {
            ps.setObject(1, then);
            ps.setObject(2, then);
            ps.setLong(3, fileId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static long rowsInLedger(long fileId) throws SQLException {
        try (Connection c = ledgerDb();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_row WHERE file_id = ?")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
