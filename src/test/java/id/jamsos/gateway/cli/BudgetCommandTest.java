package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code budget} and {@code coverage} commands on an H2 ledger of three workers enrolled in March
 * 2026 (two at AG1, one at AG2) at Rp 16,800 a month: the plan in both languages and as JSON, a
 * top-up with no waitlist (no broker needed), cover counted per agency without a NIK, and a renewal
 * that ends the workers an agency did not confirm.
 */
class BudgetCommandTest {

    private static final Instant MARCH = Instant.parse("2026-03-10T02:00:00Z");
    private static final String[] NIKS = {"9671010101900001", "9671010101900002", "9671010101900003"};

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void threeWorkersInMarch() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jamsos.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath().toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        m.putAll(PersonalDataKeys.random("k1"));
        m.put("jamsos.programme.firstMonth", "2026-03");
        m.put("jamsos.programme.lastMonth", "2026-12");
        m.put("jamsos.programme.source.APBD_KOTA.budget", "200000");
        config = Files.createDirectories(dir.resolve("config"));
        StringBuilder file = new StringBuilder();
        m.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Files.writeString(config.resolve("application.properties"), file.toString());
        Files.writeString(config.resolve("agencies.yaml"), "agencies: []\n");

        GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), k -> null);
        try (HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2)) {
            LedgerMigrations.migrate(ds);
            Ledger ledger = new Ledger(ds, Clock.fixed(MARCH, ZoneOffset.UTC), PersonalDataKeys.cipher(props),
                    CoverageLedger.DEFAULT_ZONE);
            long f = ledger.registerFile("AG1", "maret.csv", "a".repeat(64), MARCH).fileId();
            List<LedgerRow> rows = new ArrayList<>();
            List<RowOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < NIKS.length; i++) {
                rows.add(new LedgerRow(f, i + 2, NIKS[i], "Pekerja " + i, RowState.PENDING, List.of(), "key-" + i,
                        null, null, 1_000_000L, null));
                outcomes.add(new RowOutcome(f, i + 2, RowState.ENROLLED, "05K4008000" + i, null, i < 2 ? "AG1" : "AG2",
                        "Sorong"));
            }
            ledger.insertRows(f, rows);
            ledger.recordOutcomes(outcomes);
        }
    }

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void thePlanIsPrintedInBothLanguagesAndAsJson() throws Exception {
        CliRun text = run("budget", "--config", config.toString(), "--month", "2026-03");
        assertThat(text.exitCode()).as(text.err()).isZero();
        // Rp 200,000 at Rp 50,400 a month: 3.96 months, March to May, before December.
        assertThat(text.out()).contains("Pekerja ditanggung / workers covered", "Rp            50.400",
                "3 bulan penuh / whole months (3.96)", "Habis setelah / runs out after", "2026-05",
                "PERINGATAN / WARNING", "APBD_KOTA");

        CliRun json = run("budget", "--config", config.toString(), "--month", "2026-03", "--json");
        JsonNode p = new ObjectMapper().readTree(json.out());
        assertThat(p.path("workers").asLong()).isEqualTo(3);
        assertThat(p.path("costPerMonth").asLong()).isEqualTo(50_400L);
        assertThat(p.path("runsOutAfter").asText()).isEqualTo("2026-05");
        assertThat(p.path("monthsBoughtText").asText()).isEqualTo("3.96");
        assertThat(p.path("sources").get(0).path("account").asText()).isEqualTo("5.1.02.01.001");
        assertThat(p.path("overBudgetPolicy").asText()).isEqualTo("WARN");

        assertThat(run("budget", "--config", config.toString(), "--month", "maret").exitCode())
                .isEqualTo(ExitCodes.CONFIGURATION);
    }

    @Test
    void aTopUpIsRecordedAndMovesTheRunOutMonth() throws Exception {
        CliRun add = run("budget", "--config", config.toString(), "add", "--source", "APBD_PERUBAHAN", "--amount",
                "302.400", "--reference", "Perda 5/2026", "--decided-on", "2026-09-01");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("top-up recorded: APBD_PERUBAHAN Rp 302.400 (Perda 5/2026, 2026-09-01)");

        JsonNode p = new ObjectMapper().readTree(run("budget", "--config", config.toString(), "--month", "2026-03",
                "--json").out());
        assertThat(p.path("topUps").asLong()).isEqualTo(302_400L);
        // Rp 502,400 at Rp 50,400 a month: 9.96 months, March to November.
        assertThat(p.path("runsOutAfter").asText()).isEqualTo("2026-11");
        assertThat(p.path("sources").findValuesAsText("code")).containsExactly("APBD_KOTA", "APBD_PERUBAHAN");

        assertThat(run("budget", "--config", config.toString(), "add", "--source", "X", "--amount", "0",
                "--reference", "r").exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
    }

    @Test
    void coverageIsCountedPerAgencyWithoutANik() throws Exception {
        CliRun c = run("coverage", "--month", "2026-03", "--config", config.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).contains("Kepesertaan / coverage 2026-03", "Ditanggung/", "covered", "AG1", "AG2",
                "Jumlah / total");
        assertThat(c.out()).doesNotContainPattern("[0-9]{16}");
        JsonNode j = new ObjectMapper().readTree(run("coverage", "--month", "2026-03", "--agency", "AG1", "--json",
                "--config", config.toString()).out());
        assertThat(j.path("total").path("covered").asLong()).isEqualTo(2);
        assertThat(j.path("total").path("started").asLong()).isEqualTo(2);
        assertThat(j.path("agencies")).hasSize(1);
    }

    @Test
    void aRenewalEndsTheWorkersTheAgencyDidNotConfirm() throws Exception {
        Path confirmed = dir.resolve("konfirmasi.csv");
        Files.writeString(confirmed, "NIK;NAMA\n" + NIKS[0] + ";Pekerja 0\n");
        // The workers not carried are deactivated at BPJS through the changes queue: a broker is needed.
        org.apache.activemq.broker.BrokerService broker = new org.apache.activemq.broker.BrokerService();
        broker.setBrokerName("budget-renew-" + System.nanoTime());
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        String url = broker.addConnector("tcp://127.0.0.1:0").getPublishableConnectString();
        broker.start();
        broker.waitUntilStarted();
        try {
            Files.writeString(config.resolve("application.properties"), "jamsos.broker.url=" + url + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            CliRun renew = run("budget", "--config", config.toString(), "renew", "--to-programme", "2027",
                    "--confirmed-by", confirmed.toString(), "--agency", "AG1");
            assertThat(renew.exitCode()).as(renew.err()).isZero();
            assertThat(renew.out()).contains("2026 -> 2027: 2 pekerja dilanjutkan / workers carried over; 1 berakhir"
                    + " 2026-12").contains("deactivation at BPJS: 1 dikirim ke antrean / queued, 0 ditahan / parked");

            // One sealed change job on jamsos.changes, as the intake queues an agency's BERHENTI rows.
            GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), k -> null);
            jakarta.jms.Connection c = new org.apache.activemq.ActiveMQConnectionFactory(url).createConnection();
            try {
                c.start();
                jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.TextMessage m = (jakarta.jms.TextMessage) session.createConsumer(
                        session.createQueue("jamsos.changes")).receive(10_000);
                assertThat(m).as("a change job on jamsos.changes").isNotNull();
                assertThat(m.getStringProperty("JamsosAgencyId")).isEqualTo("AG1");
                String job = new id.jamsos.gateway.enrollment.JobSeal(PersonalDataKeys.cipher(props), false)
                        .open(m.getText());
                assertThat(job).contains("\"action\":\"BERHENTI\"").contains("\"reason\":\"BUDGET_ENDED\"")
                        .contains("\"lastMonth\":\"2026-12\"").contains("05K40080001").doesNotContain("05K40080000");
            } finally {
                c.close();
            }
        } finally {
            broker.stop();
        }

        JsonNode december = new ObjectMapper().readTree(run("coverage", "--month", "2026-12", "--json", "--config",
                config.toString()).out());
        assertThat(december.path("total").path("endedByReason").path(EndReason.BUDGET_ENDED.name()).asLong())
                .isEqualTo(1);
        JsonNode january = new ObjectMapper().readTree(run("coverage", "--month", YearMonth.of(2027, 1).toString(),
                "--json", "--config", config.toString()).out());
        assertThat(january.path("total").path("covered").asLong()).isEqualTo(2);

        CliRun again = run("budget", "--config", config.toString(), "renew", "--to-programme", "2027");
        assertThat(again.exitCode()).isEqualTo(BudgetCommand.REFUSED);
        assertThat(again.err()).contains("already renewed");
    }
}
