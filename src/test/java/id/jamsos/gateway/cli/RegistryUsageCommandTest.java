package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import id.jamsos.gateway.registry.RegistryOutcome;
import id.jamsos.gateway.registry.RegistryPurpose;
import id.jamsos.gateway.support.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry-usage --semester}: the calls the ledger counted in a semester's six months, per month,
 * purpose and outcome, with the totals the report to Dukcapil needs; a call outside the semester is not
 * in it.
 */
class RegistryUsageCommandTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void callsInTheSecondSemesterOf2026() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jamsos.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath().toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        m.putAll(PersonalDataKeys.random("k1"));
        config = Files.createDirectories(dir.resolve("config"));
        StringBuilder file = new StringBuilder();
        m.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Files.writeString(config.resolve("application.properties"), file.toString());
        GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), k -> null);
        try (HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2)) {
            LedgerMigrations.migrate(ds);
            RegistryUsageLedger usage = new RegistryUsageLedger(ds);
            for (int i = 0; i < 3; i++) {
                usage.count(YearMonth.of(2026, 7), RegistryPurpose.ENROLLMENT_CHECK, "AG1", RegistryOutcome.MATCH);
            }
            usage.count(YearMonth.of(2026, 7), RegistryPurpose.ENROLLMENT_CHECK, "AG2", RegistryOutcome.MATCH);
            usage.count(YearMonth.of(2026, 7), RegistryPurpose.ENROLLMENT_CHECK, "AG1", RegistryOutcome.NOT_FOUND);
            usage.count(YearMonth.of(2026, 9), RegistryPurpose.OPERATOR_REVIEW, null, RegistryOutcome.MISMATCH);
            usage.count(YearMonth.of(2026, 12), RegistryPurpose.ENROLLMENT_CHECK, "AG1", RegistryOutcome.NO_ANSWER);
            usage.count(YearMonth.of(2026, 12), RegistryPurpose.ENROLLMENT_CHECK, "AG2", RegistryOutcome.UNREADABLE);
            // The first semester's: not in the report of the second.
            usage.count(YearMonth.of(2026, 6), RegistryPurpose.ENROLLMENT_CHECK, "AG1", RegistryOutcome.MATCH);
        }
    }

    @Test
    void theSemesterIsPrintedPerMonthPurposeAndOutcomeWithItsTotals() {
        CliRun text = CliRun.of("registry-usage", "--semester", "2026-2", "--config", config.toString());

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Semester 2026-2 (2026-07 s.d. / to 2026-12)",
                "Sesuai / match", "Tidak ditemukan / not found", "Jumlah semester / semester total");
        assertThat(text.out()).containsPattern("2026-07 +ENROLLMENT_CHECK +Sesuai / match +4");
        assertThat(text.out()).containsPattern("2026-08 +Jumlah bulan / month total +0");
        assertThat(text.out()).containsPattern("Jumlah semester / semester total +8");
        // An answer the gateway could not read has its own line, apart from calls the registry did not answer.
        assertThat(text.out()).containsPattern("2026-12 +ENROLLMENT_CHECK +Tidak dijawab / no answer +1");
        assertThat(text.out()).containsPattern("2026-12 +ENROLLMENT_CHECK +Tidak terbaca / unreadable +1");
    }

    @Test
    void asJsonEveryMonthIsThereAndTheTotalsAddUp() throws Exception {
        CliRun run = CliRun.of("registry-usage", "--semester", "2026-2", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(run.out());
        assertThat(j.path("from").asText()).isEqualTo("2026-07");
        assertThat(j.path("months")).hasSize(6);
        assertThat(j.path("months").get(0).path("calls").asLong()).isEqualTo(5);
        assertThat(j.path("months").get(0).path("purposes").get(0).path("outcomes").path("MATCH").asLong()).isEqualTo(4);
        assertThat(j.path("total").path("calls").asLong()).isEqualTo(8);
        assertThat(j.path("total").path("byPurpose").path("OPERATOR_REVIEW").asLong()).isEqualTo(1);
        assertThat(j.path("total").path("byOutcome").path("NO_ANSWER").asLong()).isEqualTo(1);
        assertThat(j.path("total").path("byOutcome").path("UNREADABLE").asLong()).isEqualTo(1);
    }

    @Test
    void aSemesterNotWrittenAsYearDashOneOrTwoIsRefused() {
        CliRun run = CliRun.of("registry-usage", "--semester", "2026-3", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(run.err()).contains("yyyy-1 or yyyy-2");
    }
}
