package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.enrollment.IdempotencyKeys;
import id.jamsos.gateway.intake.FileChecksum;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Re-enrollment through the whole gateway (SFTP, broker, simulator, H2 ledger): workers enrolled, then
 * ended by a change file (one moved away, one died), then named again in a DAFTAR file. The one who
 * moved comes back under the same KPJ in a new period, the earlier one kept and no month covered
 * twice; the one who died is refused with the file, row and field named; a worker still covered stays
 * "already enrolled", one covered by another agency is told to use PINDAH. A re-enrollment that BPJS had
 * already answered before the gateway recorded it (a crash between the two) opens one period.
 */
class ReenrolmentIntakeTest {

    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final DateTimeFormatter CLERK_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String A = DemoEnvironment.KEY_AGENCY;
    private static final String B = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());

    private final Random random = new Random(22);

    private record Worker(String nik, String name, LocalDate birth, Sex sex) {
        String daftar() {
            return nik + ";DAFTAR;" + name + ";" + birth.format(CLERK_DATE) + ";" + sex + ";;";
        }
    }

    private Worker worker(String name, int n) {
        Sex sex = n % 2 == 0 ? Sex.L : Sex.P;
        LocalDate birth = LocalDate.of(1975 + n, 1 + n % 12, 1 + n);
        return new Worker(SampleWorkers.validNik(random, birth, sex, "9671"), name, birth, sex);
    }

    private static final String HEADER = "NIK;AKSI;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALASAN_BERHENTI;BULAN_TERAKHIR\n";

    @Test
    void aWorkerWhoMovedAwayComesBackInANewPeriodAndOneWhoDiedIsRefused() throws Exception {
        Worker moved = worker("Yohana Pindah", 1);
        Worker died = worker("Markus Almarhum", 2);
        Worker covered = worker("Sarah Masih", 3);
        Worker lapsed = worker("Petrus Kembali", 4);
        Worker theirs = worker("Dinas Lain", 5);
        send(A, "awal.csv", List.of(moved.daftar(), died.daftar(), covered.daftar(), lapsed.daftar()));
        send(B, "dinas.csv", List.of(theirs.daftar()));
        String kpjMoved = kpj(moved);
        String kpjLapsed = kpj(lapsed);
        YearMonth thisMonth = fx.gateway().coverage().thisMonth();

        FileInfo ended = send(A, "berhenti.csv", List.of(
                moved.nik() + ";BERHENTI;;;;PINDAH_DOMISILI;" + thisMonth.format(CLERK_MONTH),
                died.nik() + ";BERHENTI;;;;MENINGGAL;" + thisMonth.format(CLERK_MONTH),
                lapsed.nik() + ";BERHENTI;;;;DITARIK;" + thisMonth.format(CLERK_MONTH)));
        assertThat(fx.gateway().ledger().rowCounts(ended.id())).containsEntry(RowState.APPLIED, 3);

        // The comeback file, written first: its row 5 (the worker who was withdrawn) is registered at
        // BPJS under the row's own refId before the gateway sends it, as if the gateway had crashed
        // after BPJS answered and before the ledger write. Sent again, the row gets the same answer.
        Path back = write("kembali.csv", List.of(moved.daftar(), died.daftar(), covered.daftar(), lapsed.daftar(),
                theirs.daftar()));
        String refId = IdempotencyKeys.of(A, FileChecksum.sha256(back), 5);
        EnrollmentResult answeredBefore = fx.env().simulator().enroll(new EnrollmentRequest(refId, lapsed.nik(),
                lapsed.name(), lapsed.birth().toString(), lapsed.sex().name(), null, null, null, null, null, null,
                0, List.of("JKK", "JKM"), "9671"));
        assertThat(answeredBefore.kpj()).isEqualTo(kpjLapsed);
        fx.upload(A, back, "kembali.csv");
        FileInfo done = fx.awaitFinal(A, "kembali.csv", Duration.ofSeconds(90));

        assertThat(done.state()).isEqualTo(FileState.DONE);
        Map<Integer, LedgerRow> rows = new LinkedHashMap<>();
        fx.gateway().ledger().forEachRow(done.id(), r -> rows.put(r.rowNo(), r));
        assertThat(rows.get(2).state()).isEqualTo(RowState.ENROLLED);
        assertThat(rows.get(2).kpj()).isEqualTo(kpjMoved);
        assertThat(rows.get(5).state()).isEqualTo(RowState.ENROLLED);
        assertThat(rows.get(5).kpj()).isEqualTo(kpjLapsed);
        assertThat(rows.get(3).reasons()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NIK", "WORKER_DECEASED"));
        assertThat(rows.get(3).reasons().get(0).messageId())
                .contains("Berkas kembali.csv, baris 3, kolom NIK", "meninggal dunia");
        assertThat(rows.get(3).reasons().get(0).messageEn())
                .contains("File kembali.csv, row 3, field NIK", "deceased");
        assertThat(codes(rows.get(4))).containsExactly("ALREADY_ENROLLED");
        assertThat(codes(rows.get(6))).containsExactly("COVERED_BY_OTHER_AGENCY");
        assertThat(rows.get(6).reasons().get(0).messageEn()).contains("already covered by agency " + B, "use PINDAH");

        // Both come back in a new period from the month after the one their cover ended with (this
        // month): the earlier period kept, no month covered twice.
        CoverageLedger coverage = fx.gateway().coverage();
        for (String kpj : List.of(kpjMoved, kpjLapsed)) {
            List<CoveragePeriod> periods = coverage.periods(kpj);
            assertThat(periods).extracting(p -> p.firstMonth() + ".." + p.lastMonth()).as("periods of %s", kpj)
                    .containsExactly(thisMonth + ".." + thisMonth, thisMonth.plusMonths(1) + "..null");
            assertThat(periods.get(1).openedBy()).isIn(CoverageLedger.rowSource(done.id(), 2),
                    CoverageLedger.rowSource(done.id(), 5));
        }
        assertThat(coverage.periods(kpjMoved).get(0).endReason()).isEqualTo(EndReason.MOVED);
        assertThat(coverage.periods(kpj(died))).singleElement()
                .satisfies(p -> assertThat(p.endReason()).isEqualTo(EndReason.DIED));

        // What the statements bill: each month of both periods once, none before, the dead worker none after.
        FinanceLedger finance = fx.gateway().context().getRegistry().findSingleByType(FinanceLedger.class);
        assertThat(billed(finance, thisMonth.minusMonths(1))).isEmpty();
        assertThat(billed(finance, thisMonth)).containsExactlyInAnyOrder(kpjMoved, kpjLapsed, kpj(died), kpj(covered));
        assertThat(billed(finance, thisMonth.plusMonths(1))).containsExactlyInAnyOrder(kpjMoved, kpjLapsed,
                kpj(covered));
        assertThat(billed(finance, thisMonth.plusMonths(6))).containsExactlyInAnyOrder(kpjMoved, kpjLapsed,
                kpj(covered));

        // The results report says which rows were re-enrollments, in both languages.
        List<String> results = Files.readAllLines(fx.env().outbox(A).resolve("kembali.csv.results.csv"));
        for (int row : List.of(2, 5)) {
            assertThat(line(results, row)).contains("TERDAFTAR/ENROLLED", "Pendaftaran ulang", "Re-enrollment",
                    "same KPJ", thisMonth.plusMonths(1).toString()).endsWith("DAFTAR/ENROLL");
        }
        assertThat(line(results, 4)).doesNotContain("Pendaftaran ulang");
        String rejects = Files.readString(fx.env().outbox(A).resolve("kembali.csv.rejects.csv"), StandardCharsets.UTF_8);
        assertThat(line(rejects.lines().toList(), 3)).contains("WORKER_DECEASED", "kembali.csv, baris 3",
                "row 3, field NIK");
    }

    private FileInfo send(String agency, String name, List<String> lines) throws Exception {
        fx.upload(agency, write(name, lines), name);
        FileInfo done = fx.awaitFinal(agency, name, Duration.ofSeconds(90));
        assertThat(done.state()).isEqualTo(FileState.DONE);
        return done;
    }

    private static Path write(String name, List<String> lines) throws Exception {
        Path file = fx.dir().resolve(name);
        Files.writeString(file, HEADER + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String kpj(Worker w) {
        return fx.gateway().ledger().findWorkerByNik(w.nik()).orElseThrow().kpj();
    }

    private static List<String> billed(FinanceLedger finance, YearMonth month) {
        List<String> kpjs = new ArrayList<>();
        finance.forEachCoveredByKpj(month, A, r -> kpjs.add(r.kpj()));
        return kpjs;
    }

    private static List<String> codes(LedgerRow row) {
        return row.reasons().stream().map(RowRejection::code).toList();
    }

    private static String line(List<String> lines, int rowNo) {
        return lines.stream().filter(l -> l.replace("\uFEFF", "").startsWith(rowNo + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for row " + rowNo + " in " + lines));
    }
}
