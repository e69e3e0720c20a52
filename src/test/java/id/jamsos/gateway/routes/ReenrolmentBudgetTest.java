package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.support.CliRun;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A re-enrollment counts against the programme's budget like a new enrollment: with
 * overBudgetPolicy=WAITLIST and the money of two workers for two months, a worker whose cover was
 * ended this month and who comes back is held WAITLISTED (the month freed does not carry them to the
 * programme's last month), and {@code budget add} sends them; they come back in a new period.
 */
class ReenrolmentBudgetTest {

    private static final YearMonth NOW = YearMonth.now(ZoneId.of("Asia/Jayapura"));
    /** JKK Rp 10,000 + JKM Rp 6,800 at the default income of Rp 1,000,000. */
    private static final long ONE_MONTH = 16_800L;
    private static final String A = DemoEnvironment.KEY_AGENCY;
    private static final String HEADER = "NIK;AKSI;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALASAN_BERHENTI;BULAN_TERAKHIR\n";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.programme.overBudgetPolicy", "WAITLIST",
            "jamsos.programme.firstMonth", NOW.toString(),
            "jamsos.programme.lastMonth", NOW.plusMonths(1).toString(),
            "jamsos.programme.source.APBD_KOTA.budget", String.valueOf(2 * 2 * ONE_MONTH)));

    @Test
    void aWorkerComingBackWaitsForMoneyLikeANewcomer() throws Exception {
        Random random = new Random(23);
        String[] daftar = new String[2];
        String[] niks = new String[2];
        for (int i = 0; i < 2; i++) {
            LocalDate birth = LocalDate.of(1980 + i, 3, 4 + i);
            niks[i] = SampleWorkers.validNik(random, birth, Sex.P, "9671");
            daftar[i] = niks[i] + ";DAFTAR;Pekerja " + (char) ('A' + i) + ";"
                    + birth.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + ";P;;";
        }
        FileInfo first = send("awal.csv", List.of(daftar[0], daftar[1]));
        assertThat(fx.gateway().ledger().rowCounts(first.id())).containsEntry(RowState.ENROLLED, 2);
        send("berhenti.csv", List.of(niks[0] + ";BERHENTI;;;;PINDAH_DOMISILI;"
                + NOW.format(DateTimeFormatter.ofPattern("MM/yyyy"))));

        FileInfo back = send("kembali.csv", List.of(daftar[0]));
        List<String> states = new java.util.ArrayList<>();
        fx.gateway().ledger().forEachRow(back.id(), r -> states.add(r.rowNo() + ":" + r.state()));
        assertThat(states).containsExactly("2:WAITLISTED");
        String kpj = fx.gateway().ledger().findWorkerByNik(niks[0]).orElseThrow().kpj();
        assertThat(fx.gateway().coverage().periods(kpj)).hasSize(1);

        Path config = Files.createDirectories(fx.dir().resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props().asProperties().store(w, "written by ReenrolmentBudgetTest");
        }
        CliRun add = CliRun.of("budget", "--config", config.toString(), "add", "--source", "APBD_PERUBAHAN",
                "--amount", String.valueOf(2 * ONE_MONTH), "--reference", "Perda 4/2026", "--decided-on", "2026-09-01");
        assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
        assertThat(add.out()).contains("released for enrollment: 1", "still waitlisted: 0");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(back.id()).get(RowState.ENROLLED) == 1);
        assertThat(fx.gateway().coverage().periods(kpj)).extracting(p -> p.firstMonth() + ".." + p.lastMonth())
                .containsExactly(NOW + ".." + NOW, NOW.plusMonths(1) + "..null");
    }

    private static FileInfo send(String name, List<String> lines) throws Exception {
        Path file = fx.dir().resolve(name);
        Files.writeString(file, HEADER + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        fx.upload(A, file, name);
        FileInfo done = fx.awaitFinal(A, name, Duration.ofSeconds(90));
        assertThat(done.state()).isEqualTo(FileState.DONE);
        return done;
    }
}
