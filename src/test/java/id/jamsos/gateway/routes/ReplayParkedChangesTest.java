package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.ChangeLedger;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.report.ReportNames;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.support.CliRun;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change rows (AKSI BERHENTI, KOREKSI) parked while BPJS failed, replayed by an operator once it is back:
 * on the real gateway (SFTP, embedded broker, the BPJS simulator with its fault injection, the change
 * route). The outage is the worst kind: BPJS does the work and the gateway never hears of it (a
 * timeout), so the replayed calls meet changes BPJS has already made, and BPJS answers their refIds with
 * the first outcome. Each row is applied once, the file's reports are written again, and a row the
 * ledger no longer allows is refused at the replay with its reason, not sent.
 */
class ReplayParkedChangesTest {

    private static final String TOKEN = "replay-changes-token";
    private static final String A = DemoEnvironment.KEY_AGENCY;
    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final String HEADER = "NIK;AKSI;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALASAN_BERHENTI;BULAN_TERAKHIR;INSTANSI_TUJUAN\n";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(GatewayExtension.settings(
            GatewayExtension.PARK_QUICKLY, "jamsos.ops.token", TOKEN,
            // The stale-reports round, which rewrites the reports of a replay that only refused.
            "jamsos.reports.retryIntervalMs", "500"));
    static OpsHttp http;
    static Path config;

    private final Random random = new Random(1717);

    private record Worker(String nik, String name, LocalDate birth, Sex sex) {
        String daftar() {
            return nik + ";" + name + ";" + birth.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + ";" + sex;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        http = new OpsHttp(fx.env().httpPort());
        config = Files.createDirectories(fx.dir().resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props().asProperties().store(w, "written by ReplayParkedChangesTest");
        }
    }

    /** A test that failed in an outage leaves none to the next. */
    @BeforeEach
    void noFaults() {
        fx.env().simulator().faults().clear();
    }

    @Test
    void parkedBerhentiAndKoreksiRowsAreAppliedOnceAfterAReplayAndRowsTheLedgerNoLongerAllowsAreRefused()
            throws Exception {
        List<Worker> ws = workers("Replay", 4, 0);
        enroll("replay-awal.csv", ws);
        YearMonth thisMonth = fx.gateway().coverage().thisMonth();
        String kpj0 = kpj(ws.get(0));
        String kpj1 = kpj(ws.get(1));
        String kpj2 = kpj(ws.get(2));
        String kpj3 = kpj(ws.get(3));

        // BPJS makes the changes but every answer times out: after two attempts the rows are parked.
        fx.env().simulator().faults().timeoutRate(1.0).timeoutHoldMs(0);
        long timeoutsBefore = fx.env().simulator().stats().status5xx();
        FileInfo parkedFile = upload("replay-perubahan.csv", HEADER
                + ws.get(0).nik() + ";BERHENTI;;;;MENINGGAL;" + thisMonth.format(CLERK_MONTH) + ";\n"      // 2
                + ws.get(1).nik() + ";KOREKSI;Nama Sesudah Replay;;;;;\n"                                 // 3
                + ws.get(2).nik() + ";BERHENTI;;;;PINDAH_DOMISILI;" + thisMonth.format(CLERK_MONTH) + ";\n" // 4
                + ws.get(3).nik() + ";KOREKSI;Koreksi Lama;;;;;\n");                                       // 5
        long fileId = parkedFile.id();
        assertThat(fx.gateway().ledger().rowCounts(fileId)).containsEntry(RowState.PARKED, 4);
        // The job's first row (worker 0's BERHENTI) reached BPJS and was done there; the job failed on it.
        assertThat(fx.env().simulator().stats().status5xx() - timeoutsBefore).isPositive();
        assertThat(results(parkedFile)).contains("DITAHAN/PARKED");
        fx.env().simulator().faults().clear();

        // Meanwhile: worker 2's cover ends with a paid JKM claim (a death), and a later file corrects worker 3.
        fx.gateway().coverage().end(kpj2, thisMonth, EndReason.DIED, "claim:JKM-REPLAY-1");
        FileInfo later = upload("replay-koreksi-baru.csv", HEADER + ws.get(3).nik() + ";KOREKSI;Koreksi Baru;;;;;\n");
        assertThat(fx.gateway().ledger().rowCounts(later.id())).containsEntry(RowState.APPLIED, 1);

        HttpResponse<String> replay = http.post("/ops/files/" + fileId + "/replay", OpsHttp.bearer(TOKEN), "replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(replay.body());
        assertThat(result.path("queued").asInt()).isEqualTo(2);
        assertThat(result.path("enrollments").asInt()).isZero();
        assertThat(result.path("changes").asInt()).isEqualTo(2);
        assertThat(result.path("refused").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(fileId).getOrDefault(RowState.APPLIED, 0) == 2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().file(fileId).orElseThrow().state() == FileState.DONE);
        Map<Integer, LedgerRow> rows = rows(fileId);
        assertThat(rows.get(2).state()).isEqualTo(RowState.APPLIED);
        assertThat(rows.get(3).state()).isEqualTo(RowState.APPLIED);
        assertThat(rows.get(4).state()).isEqualTo(RowState.REFUSED);
        assertThat(rows.get(5).state()).isEqualTo(RowState.REFUSED);
        assertThat(rows.get(4).lastError()).contains("Tidak dikirim ulang saat replay",
                "tanggungan pekerja sudah berakhir " + thisMonth.format(CLERK_MONTH) + " (meninggal dunia / died)",
                "Not sent again at replay", "the worker's cover has ended");
        assertThat(rows.get(5).lastError()).contains("KOREKSI yang lebih baru (berkas #" + later.id() + " baris 2)",
                "a later KOREKSI has changed this worker (file #" + later.id() + " row 2)");

        // Applied once: one end of cover by row 2 (BPJS's first answer, not "already non-active"), one
        // correction; the refused rows changed nobody: worker 2's cover keeps the claim's end, worker 3
        // the later file's name.
        assertThat(fx.gateway().coverage().periods(kpj0)).singleElement().satisfies(p -> {
            assertThat(p.lastMonth()).isEqualTo(thisMonth);
            assertThat(p.endReason()).isEqualTo(EndReason.DIED);
            assertThat(p.endedBy()).isEqualTo(CoverageLedger.rowSource(fileId, 2));
        });
        assertThat(rows.get(2).lastError()).doesNotContain("sudah nonaktif");
        assertThat(changes().history(kpj0)).hasSize(1);
        assertThat(changes().history(kpj1)).singleElement().satisfies(line ->
                assertThat(line.bpjsRefId()).isEqualTo(rows.get(3).idempotencyKey()));
        assertThat(fx.gateway().ledger().findWorkerByKpj(kpj1).orElseThrow().name()).isEqualTo("Nama Sesudah Replay");
        assertThat(fx.gateway().coverage().periods(kpj2)).singleElement().satisfies(p ->
                assertThat(p.endedBy()).isEqualTo("claim:JKM-REPLAY-1"));
        assertThat(changes().history(kpj2)).isEmpty();
        assertThat(fx.gateway().ledger().findWorkerByKpj(kpj3).orElseThrow().name()).isEqualTo("Koreksi Baru");
        assertThat(changes().history(kpj3)).hasSize(1);

        // The reports written again: the replayed rows applied, the refused ones with their reason.
        List<String> results = Files.readAllLines(latest("replay-perubahan.csv", true));
        assertThat(line(results, 2)).contains("DITERAPKAN/APPLIED", kpj0).endsWith("BERHENTI/END COVER");
        assertThat(line(results, 3)).contains("DITERAPKAN/APPLIED", "Nama Sesudah Replay").endsWith("KOREKSI/CORRECT");
        assertThat(line(results, 4)).contains("DITOLAK/REJECTED", "Tidak dikirim ulang saat replay");
        assertThat(String.join("\n", results)).doesNotContain("DITAHAN/PARKED");
        List<String> rejects = Files.readAllLines(latest("replay-perubahan.csv", false),
                StandardCharsets.UTF_8);
        assertThat(rejects).hasSize(1 + 2);
        assertThat(line(rejects, 4)).contains("NOT_REPLAYED", "tanggungan pekerja sudah berakhir",
                "the worker's cover has ended").doesNotContain("Ditolak oleh BPJS").endsWith("BERHENTI/END COVER");
        assertThat(line(rejects, 5)).contains("NOT_REPLAYED", "KOREKSI yang lebih baru", "a later KOREKSI")
                .endsWith("KOREKSI/CORRECT");

        // Replayed twice: nothing is parked any more, nothing changes twice.
        HttpResponse<String> again = http.post("/ops/files/" + fileId + "/replay", OpsHttp.bearer(TOKEN), "replay");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"queued\":0", "has no parked rows");
        assertThat(fx.gateway().ledger().rowCounts(fileId)).containsEntry(RowState.APPLIED, 2)
                .containsEntry(RowState.REFUSED, 2);
        assertThat(changes().history(kpj0)).hasSize(1);
        assertThat(changes().history(kpj1)).hasSize(1);
        assertThat(fx.gateway().ledger().file(fileId).orElseThrow().state()).isEqualTo(FileState.DONE);
    }

    @Test
    void theCommandLineCountsEnrollmentAndChangeRowsApartAndAReplayThatOnlyRefusesRewritesTheReports()
            throws Exception {
        List<Worker> ws = workers("Perintah", 2, 10);
        enroll("cli-awal.csv", ws);
        YearMonth thisMonth = fx.gateway().coverage().thisMonth();
        Worker newcomer = workers("Pendatang", 1, 20).get(0);

        // An outage: the file's enrollment row and its change row are parked.
        fx.env().simulator().faults().errorRate(1.0);
        FileInfo mixed = upload("cli-campur.csv", HEADER
                + newcomer.nik() + ";DAFTAR;" + newcomer.daftar().substring(17) + ";;;\n"              // 2
                + ws.get(0).nik() + ";BERHENTI;;;;DITARIK;" + thisMonth.format(CLERK_MONTH) + ";\n");  // 3
        FileInfo onlyChange = upload("cli-berhenti.csv", HEADER
                + ws.get(1).nik() + ";BERHENTI;;;;DITARIK;" + thisMonth.format(CLERK_MONTH) + ";\n");  // 2
        assertThat(fx.gateway().ledger().rowCounts(mixed.id())).containsEntry(RowState.PARKED, 2);
        assertThat(fx.gateway().ledger().rowCounts(onlyChange.id())).containsEntry(RowState.PARKED, 1);
        fx.env().simulator().faults().clear();
        fx.gateway().coverage().end(kpj(ws.get(1)), thisMonth, EndReason.DIED, "claim:JKM-REPLAY-2");

        CliRun mixedRun = CliRun.of("replay", "--file", String.valueOf(mixed.id()), "--config", config.toString(),
                "--json");
        assertThat(mixedRun.exitCode()).as(mixedRun.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(mixedRun.out());
        assertThat(json.path("queued").asInt()).isEqualTo(2);
        assertThat(json.path("enrollments").asInt()).isEqualTo(1);
        assertThat(json.path("changes").asInt()).isEqualTo(1);
        assertThat(json.path("refused").asInt()).isZero();
        assertThat(json.path("files").get(0).path("changes").asInt()).isEqualTo(1);

        CliRun refusedRun = CliRun.of("replay", "--file", String.valueOf(onlyChange.id()), "--config",
                config.toString());
        assertThat(refusedRun.exitCode()).as(refusedRun.err()).isZero();
        assertThat(refusedRun.out()).contains("0 rows queued again (0 enrollment rows, 0 change rows), 1 change rows"
                + " refused");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(mixed.id()).getOrDefault(RowState.ENROLLED, 0) == 1
                        && fx.gateway().ledger().rowCounts(mixed.id()).getOrDefault(RowState.APPLIED, 0) == 1
                        && fx.gateway().ledger().file(mixed.id()).orElseThrow().state() == FileState.DONE);
        assertThat(fx.gateway().coverage().openPeriod(kpj(ws.get(0)))).isEmpty();
        assertThat(results(mixed)).doesNotContain("DITAHAN/PARKED").contains("TERDAFTAR/ENROLLED",
                "DITERAPKAN/APPLIED");

        // Nothing was sent for the second file, yet its reports are written again (stale-reports' round).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().file(onlyChange.id()).orElseThrow().state() == FileState.DONE
                        && Files.readString(latest("cli-berhenti.csv", false),
                        StandardCharsets.UTF_8).contains("NOT_REPLAYED"));
        assertThat(rows(onlyChange.id()).get(2).state()).isEqualTo(RowState.REFUSED);
        assertThat(results(onlyChange)).doesNotContain("DITAHAN/PARKED").contains("DITOLAK/REJECTED");

        // Every file again: nothing left parked, nothing queued.
        CliRun all = CliRun.of("replay", "--all-parked", "--config", config.toString(), "--json");
        assertThat(all.exitCode()).isZero();
        JsonNode allJson = new ObjectMapper().readTree(all.out());
        assertThat(allJson.path("queued").asInt()).isZero();
        assertThat(allJson.path("refused").asInt()).isZero();
        assertThat(fx.gateway().ledger().rowCounts(mixed.id())).containsEntry(RowState.APPLIED, 1)
                .containsEntry(RowState.ENROLLED, 1);
    }

    // ------------------------------------------------------------------ helpers

    private List<Worker> workers(String prefix, int n, int from) {
        List<Worker> out = new java.util.ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Sex sex = i % 2 == 0 ? Sex.L : Sex.P;
            LocalDate birth = LocalDate.of(1970 + i, 1 + i % 12, 1 + i % 28);
            out.add(new Worker(SampleWorkers.validNik(random, birth, sex, "9671"), prefix + " Pekerja " + (char) ('A' + i),
                    birth, sex));
        }
        return out;
    }

    private void enroll(String name, List<Worker> workers) throws Exception {
        StringBuilder csv = new StringBuilder("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n");
        workers.forEach(w -> csv.append(w.daftar()).append('\n'));
        FileInfo done = upload(name, csv.toString());
        assertThat(fx.gateway().ledger().rowCounts(done.id()).get(RowState.ENROLLED)).isEqualTo(workers.size());
    }

    private FileInfo upload(String name, String csv) throws Exception {
        Path file = fx.dir().resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        fx.upload(A, file, name);
        return fx.awaitFinal(A, name, Duration.ofSeconds(90));
    }

    /** The gateway's own change ledger (ChangesConfiguration), for the workers' change history. */
    private static ChangeLedger changes() {
        return fx.gateway().context().getRegistry().lookupByNameAndType("changeLedger", ChangeLedger.class);
    }

    private static String kpj(Worker w) {
        return fx.gateway().ledger().findWorkerByNik(w.nik()).orElseThrow().kpj();
    }

    private static Map<Integer, LedgerRow> rows(long fileId) {
        Map<Integer, LedgerRow> rows = new LinkedHashMap<>();
        fx.gateway().ledger().forEachRow(fileId, r -> rows.put(r.rowNo(), r));
        return rows;
    }

    private static String results(FileInfo file) throws Exception {
        return Files.readString(latest(file.fileName(), true), StandardCharsets.UTF_8);
    }

    /**
     * The latest version of a file's results or rejects report in the agency's outbox: reports written
     * again after a replay changed them are the next version beside the earlier ones (report.ReportNames).
     */
    private static java.nio.file.Path latest(String base, boolean results) {
        for (int v = 9; v > 1; v--) {
            java.nio.file.Path p = fx.env().outbox(A).resolve(results ? ReportNames.results(base, v)
                    : ReportNames.rejects(base, v));
            if (Files.exists(p)) {
                return p;
            }
        }
        return fx.env().outbox(A).resolve(results ? ReportNames.results(base, 1) : ReportNames.rejects(base, 1));
    }

    /** The report line of spreadsheet row {@code rowNo}. */
    private static String line(List<String> lines, int rowNo) {
        return lines.stream().filter(l -> l.replace("\uFEFF", "").startsWith(rowNo + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for row " + rowNo + " in " + lines));
    }
}
