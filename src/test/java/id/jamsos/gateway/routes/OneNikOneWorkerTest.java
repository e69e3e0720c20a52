package id.jamsos.gateway.routes;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.model.RowRejection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One NIK, one worker, one KPJ (issue 13). Seen on a trial: two files naming the same NIKs with other
 * names, uploaded 2 s apart while BPJS answered 503; both were parked, both replayed from the status
 * page, and both files then reported ENROLLED with the same KPJ for two different people.
 */
class OneNikOneWorkerTest {

    private static final String TOKEN = "one-nik-token";
    private static final int ROWS = 30;
    private static final int OVERLAP = 10;

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void overlappingFilesDuringAnOutageThenReplayedGiveEachNikOneWorkerOnH2() throws Exception {
        overlappingFilesDuringAnOutageThenReplayed(Map.of());
    }

    @Test
    void overlappingFilesDuringAnOutageThenReplayedGiveEachNikOneWorkerOnPostgres() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.openOrSkip()) {
            overlappingFilesDuringAnOutageThenReplayed(Map.of("jamsos.ledger.url", db.url(),
                    "jamsos.ledger.user", db.user()));
        }
    }

    @Test
    void twoFilesRacingWithoutAnOutageEnrolEachNikOnce() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        Overlapping agencyFiles = overlapping(gateways.dir());
        fx.upload(DemoEnvironment.KEY_AGENCY, agencyFiles.first, "pertama.csv");
        fx.upload(DemoEnvironment.PASSWORD_AGENCY, agencyFiles.second, "kedua.csv");
        FileInfo first = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "pertama.csv", Duration.ofSeconds(60));
        FileInfo second = fx.awaitFinal(DemoEnvironment.PASSWORD_AGENCY, "kedua.csv", Duration.ofSeconds(60));
        checkOneWorkerPerNik(fx, first, second, agencyFiles, false);
    }

    @Test
    void aFileCutOffMidIntakeAndSentAgainWithOtherBytesLetsGoOfItsNiks() throws Exception {
        GatewayFixture fx = gateways.start(Map.of());
        String agency = DemoEnvironment.PASSWORD_AGENCY;
        Path corrected = gateways.dir().resolve("ulang.csv");
        SampleWorkers.generate(corrected, 20, 41L, 0);
        List<String> lines = java.nio.file.Files.readAllLines(corrected, StandardCharsets.UTF_8);
        // What a gateway killed mid-intake leaves: the first bytes' file RECEIVING, five rows PENDING,
        // and the agency, seeing no report, uploads a corrected copy under the same name.
        var ledger = fx.gateway.ledger();
        long cut = ledger.registerFile(agency, "ulang.csv", "f".repeat(64), java.time.Instant.now()).fileId();
        List<LedgerRow> pending = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String[] cells = lines.get(i).split(";", -1);
            pending.add(new LedgerRow(cut, i + 1, cells[0], cells[1], RowState.PENDING, List.of(), "cut-" + i, null,
                    null));
        }
        ledger.insertRows(cut, pending);

        fx.upload(agency, corrected, "ulang.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.latest(agency, "ulang.csv")
                .filter(f -> f.id() != cut && f.state() == id.jamsos.gateway.ledger.FileState.DONE).isPresent());
        FileInfo again = fx.latest(agency, "ulang.csv").orElseThrow();
        FileInfo old = ledger.file(cut).orElseThrow();
        System.out.println("[fault] cut-off file #" + cut + " " + old.state() + " (" + old.error() + "); corrected #"
                + again.id() + " " + ledger.rowCounts(again.id()));
        assertThat(old.state()).isEqualTo(id.jamsos.gateway.ledger.FileState.FAILED);
        assertThat(old.error()).contains("superseded by file #" + again.id());
        assertThat(ledger.rowCounts(again.id()).get(RowState.ENROLLED)).isEqualTo(20);
    }

    private void overlappingFilesDuringAnOutageThenReplayed(Map<String, String> ledger) throws Exception {
        Map<String, String> settings = new HashMap<>(ledger);
        settings.putAll(GatewayExtension.settings(GatewayExtension.PARK_QUICKLY, "jamsos.ops.token", TOKEN));
        GatewayFixture fx = gateways.start(settings);
        Overlapping agencyFiles = overlapping(gateways.dir());
        String agency = DemoEnvironment.KEY_AGENCY;
        fx.env.simulator().faults().errorRate(1.0).errorStatus(503);
        fx.upload(agency, agencyFiles.first, "pertama.csv");
        Thread.sleep(2_000);
        fx.upload(agency, agencyFiles.second, "kedua.csv");
        FileInfo first = fx.awaitFinal(agency, "pertama.csv", Duration.ofSeconds(60));
        FileInfo second = fx.awaitFinal(agency, "kedua.csv", Duration.ofSeconds(60));
        System.out.println("[fault] endpoint 503 for every request: first " + fx.gateway.ledger().rowCounts(first.id())
                + ", second " + fx.gateway.ledger().rowCounts(second.id()));

        fx.env.simulator().faults().errorRate(0.0);
        OpsHttp http = new OpsHttp(fx.env.httpPort());
        for (FileInfo f : List.of(first, second)) {
            HttpResponse<String> replay = http.post("/ops/files/" + f.id() + "/replay", OpsHttp.bearer(TOKEN), "replay");
            assertThat(replay.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> fx.gateway.ledger().rowCounts(f.id()).get(RowState.PARKED) == 0
                    && fx.gateway.ledger().rowCounts(f.id()).get(RowState.PENDING) == 0);
        }
        checkOneWorkerPerNik(fx, first, second, agencyFiles, true);
    }

    /** Every NIK has exactly one ENROLLED row, its worker carries that row's name, no KPJ is on two people. */
    private static void checkOneWorkerPerNik(GatewayFixture fx, FileInfo first, FileInfo second, Overlapping files,
                                             boolean firstFileWins) {
        List<LedgerRow> rows = new ArrayList<>();
        fx.gateway.ledger().forEachRow(first.id(), rows::add);
        fx.gateway.ledger().forEachRow(second.id(), rows::add);
        Map<String, List<LedgerRow>> enrolledByNik = new HashMap<>();
        Map<String, List<String>> namesByKpj = new HashMap<>();
        for (LedgerRow r : rows) {
            if (r.state() == RowState.ENROLLED) {
                enrolledByNik.computeIfAbsent(r.nik(), n -> new ArrayList<>()).add(r);
                namesByKpj.computeIfAbsent(r.kpj(), k -> new ArrayList<>()).add(r.name());
            }
        }
        List<RowRejection> turnedAway = rows.stream().filter(r -> r.state() == RowState.REJECTED)
                .flatMap(r -> r.reasons().stream()).toList();
        System.out.println("[check] " + rows.size() + " rows, " + enrolledByNik.size() + " NIKs enrolled, turned away: "
                + turnedAway.stream().map(RowRejection::code).toList());

        assertThat(enrolledByNik).hasSize(2 * ROWS - OVERLAP);
        assertThat(enrolledByNik.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(namesByKpj.values()).allSatisfy(names -> assertThat(names).hasSize(1));
        for (List<LedgerRow> list : enrolledByNik.values()) {
            LedgerRow r = list.get(0);
            WorkerEnrollment w = fx.gateway.ledger().findWorkerByNik(r.nik()).orElseThrow();
            assertThat(w.kpj()).isEqualTo(r.kpj());
            assertThat(w.name()).isEqualTo(r.name());
        }
        // The overlapping rows of the second file name other people: never silently enrolled.
        assertThat(turnedAway).hasSize(OVERLAP).allSatisfy(why ->
                assertThat(why.code()).isIn("IN_PROGRESS", "DATA_CONFLICT"));
        for (String nik : firstFileWins ? files.overlap : List.<String>of()) {
            assertThat(fx.gateway.ledger().findWorkerByNik(nik).orElseThrow().name())
                    .isNotEqualTo(files.renamed.get(nik));
        }
    }

    private record Overlapping(Path first, Path second, List<String> overlap, Map<String, String> renamed) {
    }

    /**
     * Two files of {@value #ROWS} valid rows: the second repeats the first's first {@value #OVERLAP} NIKs
     * under other names, and has rows of its own.
     */
    private static Overlapping overlapping(Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        SampleWorkers.generate(a, ROWS, 31L, 0);
        SampleWorkers.generate(b, ROWS, 32L, 0);
        List<String> linesA = java.nio.file.Files.readAllLines(a, StandardCharsets.UTF_8);
        List<String> linesB = java.nio.file.Files.readAllLines(b, StandardCharsets.UTF_8);
        String sep = linesA.get(0).contains(";") ? ";" : ",";
        List<String> out = new ArrayList<>(linesB.subList(0, 1 + ROWS - OVERLAP));
        List<String> overlap = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        for (int i = 1; i <= OVERLAP; i++) {
            String[] cells = linesA.get(i).split(sep, -1);
            cells[1] = "Orang Lain " + (char) ('A' + i);
            overlap.add(cells[0]);
            renamed.put(cells[0], cells[1]);
            out.add(String.join(sep, cells));
        }
        java.nio.file.Files.write(b, out, StandardCharsets.UTF_8);
        return new Overlapping(a, b, overlap, renamed);
    }
}
