package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.Sex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change file correcting incomes (V20) dropped on SFTP: a BULAN_BERLAKU before the worker's cover
 * started, or not a month, is refused in the file's rejects report on the row and field, in Indonesian
 * and English; a correction without one is applied from this month (the city's zone), as its results
 * line says.
 */
class IncomeCorrectionIntakeTest {

    private static final DateTimeFormatter CLERK_MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final String A = DemoEnvironment.KEY_AGENCY;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());

    private final Random random = new Random(20);

    @Test
    void aBadEffectiveMonthIsRefusedOnItsRowAndTheDefaultIsThisMonth() throws Exception {
        List<String> niks = new ArrayList<>();
        StringBuilder enrol = new StringBuilder("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n");
        for (int i = 0; i < 3; i++) {
            LocalDate birth = LocalDate.of(1980 + i, 2 + i, 3 + i);
            Sex sex = i % 2 == 0 ? Sex.L : Sex.P;
            String nik = SampleWorkers.validNik(random, birth, sex, "9671");
            niks.add(nik);
            enrol.append(nik).append(";Pekerja Penghasilan ").append((char) ('A' + i)).append(';')
                    .append(birth.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))).append(';').append(sex).append('\n');
        }
        Path first = fx.dir().resolve("daftar_penghasilan.csv");
        Files.writeString(first, enrol, StandardCharsets.UTF_8);
        fx.upload(A, first, "daftar_penghasilan.csv");
        FileInfo enrolled = fx.awaitFinal(A, "daftar_penghasilan.csv", Duration.ofSeconds(60));
        assertThat(fx.gateway().ledger().rowCounts(enrolled.id()).get(RowState.ENROLLED)).isEqualTo(3);
        YearMonth thisMonth = fx.gateway().coverage().thisMonth();
        YearMonth before = thisMonth.minusMonths(2);

        String csv = "NIK;AKSI;PENGHASILAN;BULAN_BERLAKU\n"
                + niks.get(0) + ";KOREKSI;3.000.000;" + before.format(CLERK_MONTH) + "\n"   // 2
                + niks.get(1) + ";KOREKSI;4.000.000;\n"                                     // 3
                + niks.get(2) + ";KOREKSI;5.000.000;Juli\n";                                // 4
        Path file = fx.dir().resolve("koreksi_penghasilan.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        fx.upload(A, file, "koreksi_penghasilan.csv");

        FileInfo done = fx.awaitFinal(A, "koreksi_penghasilan.csv", Duration.ofSeconds(90));
        assertThat(done.state()).isEqualTo(FileState.DONE);
        assertThat(fx.gateway().ledger().rowCounts(done.id())).containsEntry(RowState.APPLIED, 1)
                .containsEntry(RowState.REJECTED, 2);

        List<String> rejects = Files.readAllLines(fx.env().outbox(A).resolve("koreksi_penghasilan.csv.rejects.csv"),
                StandardCharsets.UTF_8);
        assertThat(line(rejects, 2)).contains("BULAN_BERLAKU", "EFFECTIVE_MONTH_BEFORE_START",
                "BULAN_BERLAKU " + before.format(CLERK_MONTH) + " sebelum bulan mulai tanggungan ("
                        + thisMonth.format(CLERK_MONTH) + ")",
                "is before cover started (" + thisMonth.format(CLERK_MONTH) + ")").endsWith("KOREKSI/CORRECT");
        assertThat(line(rejects, 4)).contains("BULAN_BERLAKU", "EFFECTIVE_MONTH_FORMAT", "harus bulan dan tahun",
                "must be a month and year");
        List<String> results = Files.readAllLines(fx.env().outbox(A).resolve("koreksi_penghasilan.csv.results.csv"),
                StandardCharsets.UTF_8);
        assertThat(line(results, 3)).contains("DITERAPKAN/APPLIED", "penghasilan berlaku mulai " + thisMonth,
                "income from " + thisMonth);
    }

    /** The report line of spreadsheet row {@code rowNo}. */
    private static String line(List<String> lines, int rowNo) {
        return lines.stream().filter(l -> l.replace("\uFEFF", "").startsWith(rowNo + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for row " + rowNo + " in " + lines));
    }
}
