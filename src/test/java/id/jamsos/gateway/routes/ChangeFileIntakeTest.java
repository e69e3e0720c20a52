package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.changes.ChangeJob;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change file (issue 16) dropped on SFTP: its DAFTAR rows are enrolled as before, its change rows that
 * the ledger does not allow are rejected with their reasons, and the good ones wait PENDING while their
 * ChangeJobs, sealed, are on jamsos.changes. Nobody consumes that queue on this branch: the test reads
 * the jobs itself, then plays the change route's last step (rows APPLIED, reports due) to see the reports.
 */
class ChangeFileIntakeTest {

    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final String A = DemoEnvironment.KEY_AGENCY;
    private static final String B = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());

    private final Random random = new Random(16);

    /** A worker as the test writes them: NIK, name, birth date, sex. */
    private record Worker(String nik, String name, LocalDate birth, Sex sex) {
        String daftar() {
            return nik + ";" + name + ";" + birth.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + ";" + sex;
        }
    }

    private Worker worker(String name, int n) {
        Sex sex = n % 2 == 0 ? Sex.L : Sex.P;
        LocalDate birth = LocalDate.of(1970 + n, 1 + n % 12, 1 + n);
        return new Worker(SampleWorkers.validNik(random, birth, sex, "9671"), name, birth, sex);
    }

    private FileInfo enroll(String agency, String name, List<Worker> workers) throws Exception {
        StringBuilder csv = new StringBuilder("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n");
        workers.forEach(w -> csv.append(w.daftar()).append('\n'));
        Path file = fx.dir().resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        fx.upload(agency, file, name);
        FileInfo done = fx.awaitFinal(agency, name, Duration.ofSeconds(60));
        assertThat(fx.gateway().ledger().rowCounts(done.id()).get(RowState.ENROLLED)).isEqualTo(workers.size());
        return done;
    }

    @Test
    void aMixedFileEnrollsRejectsAndQueuesSealedChangeJobs() throws Exception {
        List<Worker> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ours.add(worker("Pekerja Distrik " + (char) ('A' + i), i));
        }
        List<Worker> theirs = List.of(worker("Pekerja Dinas Satu", 7), worker("Pekerja Dinas Dua", 8));
        enroll(A, "awal.csv", ours);
        enroll(B, "dinas.csv", theirs);
        YearMonth thisMonth = fx.gateway().coverage().thisMonth();
        Worker newcomer = worker("Naomi Baru", 9);
        String unknown1 = worker("Tidak Ada", 10).nik();
        String unknown2 = worker("Tidak Ada Juga", 11).nik();

        String csv = "NIK;AKSI;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALASAN_BERHENTI;BULAN_TERAKHIR;INSTANSI_TUJUAN\n"
                + newcomer.nik() + ";DAFTAR;" + newcomer.daftar().substring(17) + ";;;\n"                    // 2
                + theirs.get(0).nik() + ";;" + theirs.get(0).daftar().substring(17) + ";;;\n"               // 3
                + ours.get(0).nik() + ";BERHENTI;;;;MENINGGAL;" + thisMonth.format(CLERK_MONTH) + ";\n"     // 4
                + unknown1 + ";BERHENTI;;;;MENINGGAL;" + thisMonth.format(CLERK_MONTH) + ";\n"             // 5
                + ours.get(1).nik() + ";BERHENTI;;;;PINDAH_DOMISILI;" + thisMonth.minusMonths(2) + ";\n"    // 6
                + unknown2 + ";KOREKSI;Nama Baru;;;;;\n"                                                    // 7
                + ours.get(2).nik() + ";KOREKSI;Yakobus Koreksi;;;;;\n"                                     // 8
                + ours.get(3).nik() + ";PINDAH;;;;;;" + B + "\n"                                            // 9
                + ours.get(4).nik() + ";PINDAH;;;;;;dinas-tidak-ada\n"                                      // 10
                + theirs.get(1).nik() + ";BERHENTI;;;;DITARIK;" + thisMonth.format(CLERK_MONTH) + ";\n";   // 11
        Path file = fx.dir().resolve("perubahan.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        fx.upload(A, file, "perubahan.csv");

        // The change route applies the three good change rows at the simulator and in the ledger; then
        // the file's reports are due, as for an enrollment file.
        FileInfo done = fx.awaitFinal(A, "perubahan.csv", Duration.ofSeconds(90));
        long fileId = done.id();
        assertThat(done.state()).isEqualTo(FileState.DONE);
        assertThat(done.totalRows()).isEqualTo(10);
        assertThat(done.rejectedRows()).isEqualTo(6);
        assertThat(fx.gateway().ledger().rowCounts(fileId)).containsEntry(RowState.ENROLLED, 1)
                .containsEntry(RowState.APPLIED, 3).containsEntry(RowState.REJECTED, 6)
                .containsEntry(RowState.PENDING, 0);

        Map<Integer, LedgerRow> rows = new LinkedHashMap<>();
        fx.gateway().ledger().forEachRow(fileId, r -> rows.put(r.rowNo(), r));
        assertThat(rows.get(2).state()).isEqualTo(RowState.ENROLLED);
        assertThat(rows.get(2).action()).isEqualTo(ChangeAction.DAFTAR);
        assertThat(codes(rows.get(3))).containsExactly("COVERED_BY_OTHER_AGENCY");
        assertThat(rows.get(3).reasons().get(0).messageId())
                .contains("sudah ditanggung instansi lain (" + B + "); gunakan PINDAH");
        assertThat(rows.get(3).reasons().get(0).messageEn()).contains("already covered by agency " + B + "; use PINDAH");
        assertThat(codes(rows.get(5))).containsExactly("NOT_ENROLLED");
        assertThat(rows.get(5).reasons().get(0).messageId()).startsWith("NIK belum terdaftar melalui gateway");
        assertThat(rows.get(5).reasons().get(0).messageEn()).startsWith("NIK not enrolled through this gateway");
        assertThat(rows.get(6).reasons()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BULAN_TERAKHIR", "LAST_MONTH_BEFORE_START"));
        assertThat(codes(rows.get(7))).containsExactly("NOT_ENROLLED");
        assertThat(rows.get(7).action()).isEqualTo(ChangeAction.KOREKSI);
        assertThat(rows.get(10).reasons()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INSTANSI_TUJUAN", "TARGET_UNKNOWN"));
        assertThat(codes(rows.get(11))).containsExactly("OTHER_AGENCY");
        for (int row : List.of(4, 8, 9)) {
            assertThat(rows.get(row).state()).as("row %d", row).isEqualTo(RowState.APPLIED);
            assertThat(rows.get(row).kpj()).as("row %d", row).isNotBlank();
        }

        // What each applied row did: cover ended DIED with this month, the name corrected, the worker
        // handed to the other office from the month after the file arrived.
        String kpj0 = fx.gateway().ledger().findWorkerByNik(ours.get(0).nik()).orElseThrow().kpj();
        assertThat(fx.gateway().coverage().periods(kpj0)).singleElement().satisfies(p -> {
            assertThat(p.lastMonth()).isEqualTo(thisMonth);
            assertThat(p.endReason()).isEqualTo(id.jamsos.gateway.ledger.EndReason.DIED);
            assertThat(p.endedBy()).isEqualTo(id.jamsos.gateway.ledger.CoverageLedger.rowSource(fileId, 4));
        });
        assertThat(fx.gateway().ledger().findWorkerByNik(ours.get(2).nik()).orElseThrow().name())
                .isEqualTo("Yakobus Koreksi");
        String kpj3 = fx.gateway().ledger().findWorkerByNik(ours.get(3).nik()).orElseThrow().kpj();
        YearMonth received = fx.gateway().coverage().monthOf(done.receivedAt());
        assertThat(fx.gateway().coverage().periods(kpj3)).extracting(p -> p.agencyId() + " " + p.firstMonth() + ".."
                + p.lastMonth()).containsExactly(A + " " + thisMonth + ".." + received,
                B + " " + received.plusMonths(1) + "..null");

        List<String> results = Files.readAllLines(fx.env().outbox(A).resolve("perubahan.csv.results.csv"));
        assertThat(results.get(0)).endsWith("keterangan/remark,peringatan/warning,aksi/action");
        assertThat(line(results, 2)).contains("TERDAFTAR/ENROLLED").endsWith("DAFTAR/ENROLL");
        assertThat(line(results, 4)).contains("DITERAPKAN/APPLIED", kpj0).endsWith("BERHENTI/END COVER");
        assertThat(line(results, 8)).contains("DITERAPKAN/APPLIED", "Yakobus Koreksi").endsWith("KOREKSI/CORRECT");
        assertThat(line(results, 9)).contains("DITERAPKAN/APPLIED").endsWith("PINDAH/TRANSFER");
        assertThat(line(results, 5)).contains("DITOLAK/REJECTED", "NIK belum terdaftar melalui gateway");

        String rejects = Files.readString(fx.env().outbox(A).resolve("perubahan.csv.rejects.csv"), StandardCharsets.UTF_8);
        List<String> rejectLines = rejects.lines().toList();
        assertThat(rejectLines.get(0)).endsWith("alasan,reason,aksi/action");
        assertThat(rejectLines).hasSize(1 + 6);
        assertThat(line(rejectLines, 3)).contains("COVERED_BY_OTHER_AGENCY", "sudah ditanggung instansi lain",
                "already covered by agency " + B).endsWith("DAFTAR/ENROLL");
        assertThat(line(rejectLines, 5)).contains("NOT_ENROLLED", "NIK belum terdaftar melalui gateway",
                "NIK not enrolled through this gateway").endsWith("BERHENTI/END COVER");
        assertThat(line(rejectLines, 6)).contains("BULAN_TERAKHIR", "LAST_MONTH_BEFORE_START",
                "sebelum bulan mulai tanggungan", "is before cover started");
        assertThat(line(rejectLines, 7)).contains("NOT_ENROLLED").endsWith("KOREKSI/CORRECT");
        assertThat(line(rejectLines, 10)).contains("INSTANSI_TUJUAN", "tidak dikenal", "not an agency the gateway knows")
                .endsWith("PINDAH/TRANSFER");
        assertThat(line(rejectLines, 11)).contains("OTHER_AGENCY", "ditanggung instansi lain (" + B + ")",
                "covered by agency " + B);
    }

    @Test
    void aChangeFileWhoseRowsAreAllRejectedGetsItsReportsAtOnce() throws Exception {
        Worker nobody = worker("Belum Terdaftar", 3);
        String csv = "NIK;AKSI;NAMA;ALASAN;BULAN_TERAKHIR\n"
                + nobody.nik() + ";KOREKSI;Nama Baru;;\n"
                + "12345;BERHENTI;;BOSAN;13/2025\n"
                + worker("Lain", 4).nik() + ";HAPUS;;;\n";
        Path file = fx.dir().resolve("semua_ditolak.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        fx.upload(A, file, "semua_ditolak.csv");

        FileInfo done = fx.awaitFinal(A, "semua_ditolak.csv", Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(FileState.DONE);
        assertThat(done.totalRows()).isEqualTo(3);
        assertThat(done.rejectedRows()).isEqualTo(3);
        String rejects = Files.readString(fx.env().outbox(A).resolve("semua_ditolak.csv.rejects.csv"), StandardCharsets.UTF_8);
        assertThat(rejects).contains("NOT_ENROLLED", "NIK belum terdaftar melalui gateway",
                "NIK not enrolled through this gateway", "NIK_LENGTH", "REASON_UNKNOWN", "'BOSAN'", "is not a reason",
                "LAST_MONTH_FORMAT", "ACTION_UNKNOWN", "'HAPUS'", "tidak dikenal", "is not an action");
        assertThat(line(rejects.lines().toList(), 2)).endsWith("KOREKSI/CORRECT");
        // An AKSI that is no action: the report says none, not DAFTAR.
        assertThat(line(rejects.lines().toList(), 4)).contains("ACTION_UNKNOWN").endsWith(",");
        assertThat(Files.readString(fx.env().outbox(A).resolve("semua_ditolak.csv.results.csv")))
                .contains("DITOLAK/REJECTED");
    }

    private static List<String> codes(LedgerRow row) {
        return row.reasons().stream().map(RowRejection::code).toList();
    }

    /** The report line of spreadsheet row {@code rowNo}. */
    private static String line(List<String> lines, int rowNo) {
        return lines.stream().filter(l -> l.replace("\uFEFF", "").startsWith(rowNo + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for row " + rowNo + " in " + lines));
    }

}
