package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.report.ReportNames;
import id.jamsos.gateway.support.CliRun;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jamsos.programme.overBudgetPolicy=WAITLIST on a budget of three workers: of five rows the last two
 * are held WAITLISTED in arrival order and reported so to the agency; {@code budget add} of the money
 * two more cost sends them, and they are enrolled and reported again.
 */
class WaitlistIntakeTest {

    /** This month and the next, in the city's zone: every worker is carried for two months. */
    private static final YearMonth NOW = YearMonth.now(ZoneId.of("Asia/Jayapura"));
    /** JKK Rp 10,000 + JKM Rp 6,800 at an income of Rp 1,000,000, for two months. */
    private static final long ONE_WORKER = 2 * 16_800L;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of(
            "jamsos.programme.overBudgetPolicy", "WAITLIST",
            "jamsos.programme.firstMonth", NOW.toString(),
            "jamsos.programme.lastMonth", NOW.plusMonths(1).toString(),
            "jamsos.programme.source.APBD_KOTA.budget", String.valueOf(3 * ONE_WORKER)));

    @Test
    void rowsBeyondTheBudgetWaitInArrivalOrderUntilMoneyIsAdded() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = fx.dir().resolve("waitlist.csv");
        SampleWorkers.generate(sample, 5, 16L, 0);
        // Every worker declares Rp 1,000,000 (PENGHASILAN, the last column): Rp 16,800 a month each.
        List<String> lines = new ArrayList<>(Files.readAllLines(sample, StandardCharsets.UTF_8));
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replaceFirst(";[^;]*$", ";1000000"));
        }
        Files.write(sample, lines, StandardCharsets.UTF_8);

        fx.upload(agency, sample, "waitlist.csv");
        FileInfo file = fx.awaitFinal(agency, "waitlist.csv", Duration.ofSeconds(60));
        assertThat(file.state()).isEqualTo(FileState.DONE);
        List<String> states = new ArrayList<>();
        fx.gateway().ledger().forEachRow(file.id(), r -> states.add(r.rowNo() + ":" + r.state()));
        // Row numbers count the header line: the data rows are 2 to 6.
        assertThat(states).containsExactly("2:ENROLLED", "3:ENROLLED", "4:ENROLLED", "5:WAITLISTED", "6:WAITLISTED");
        String results = Files.readString(fx.env().outbox(agency).resolve("waitlist.csv.results.csv"),
                StandardCharsets.UTF_8);
        assertThat(results).contains("MENUNGGU ANGGARAN/WAITLISTED");

        Path config = Files.createDirectories(fx.dir().resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"))) {
            fx.props().asProperties().store(w, "written by WaitlistIntakeTest");
        }
        CliRun plan = CliRun.of("budget", "--config", config.toString(), "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(plan.out());
        assertThat(p.path("workers").asLong()).isEqualTo(3);
        assertThat(p.path("costPerMonth").asLong()).isEqualTo(3 * 16_800L);
        assertThat(p.path("waitlisted").asLong()).isEqualTo(2);
        assertThat(p.path("headroom").asLong()).isZero();
        assertThat(p.path("overBudgetPolicy").asText()).isEqualTo("WAITLIST");

        // Nothing was freed: a release sends nobody.
        CliRun release = CliRun.of("budget", "--config", config.toString(), "release");
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released for enrollment: 0", "still waitlisted: 2");

        CliRun add = CliRun.of("budget", "--config", config.toString(), "add", "--source", "APBD_PERUBAHAN",
                "--amount", String.valueOf(2 * ONE_WORKER), "--reference", "Perda 3/2026", "--decided-on", "2026-09-01");
        assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
        assertThat(add.out()).contains("top-up recorded: APBD_PERUBAHAN Rp 67.200", "released for enrollment: 2",
                "still waitlisted: 0");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                fx.gateway().ledger().rowCounts(file.id()).get(RowState.ENROLLED) == 5);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                fx.gateway().ledger().file(file.id()).orElseThrow().state() == FileState.DONE);
        // The rewrite after the release is the report's next version; the first one, with the waiting rows, stays.
        Path outbox = fx.env().outbox(agency);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Files.exists(outbox.resolve(ReportNames.results("waitlist.csv", 2))));
        assertThat(Files.readString(outbox.resolve(ReportNames.results("waitlist.csv", 2)),
                StandardCharsets.UTF_8)).doesNotContain("WAITLISTED").contains("TERDAFTAR/ENROLLED");
        assertThat(Files.readString(outbox.resolve(ReportNames.results("waitlist.csv", 1)),
                StandardCharsets.UTF_8)).contains("WAITLISTED");

        CliRun coverage = CliRun.of("coverage", "--month", NOW.toString(), "--config", config.toString(), "--json");
        assertThat(coverage.exitCode()).as(coverage.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(coverage.out());
        assertThat(c.path("total").path("covered").asLong()).isEqualTo(5);
        assertThat(c.path("total").path("started").asLong()).isEqualTo(5);
        assertThat(c.path("agencies").get(0).path("agency").asText()).isEqualTo(agency);
        assertThat(coverage.out()).doesNotContainPattern("[0-9]{16}");

        CliRun text = CliRun.of("budget", "--config", config.toString());
        assertThat(text.out()).contains("Pekerja ditanggung / workers covered", "does not run out",
                "APBD_PERUBAHAN");
    }
}
