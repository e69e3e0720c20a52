package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditKey;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.support.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify} and {@code audit export} on an H2 ledger holding four entries over two days, the
 * key derived from the personal-data key as the gateway derives it (jamsos.audit.hmacKey unset).
 */
class AuditCommandTest {

    private static final Instant DAY1 = Instant.parse("2026-11-30T08:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-12-01T09:30:00Z");

    @TempDir
    Path dir;
    Path config;
    GatewayProperties props;

    @BeforeEach
    void fourEntries() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jamsos.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath().toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        m.putAll(PersonalDataKeys.random("k1"));
        config = Files.createDirectories(dir.resolve("config"));
        StringBuilder file = new StringBuilder();
        m.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Files.writeString(config.resolve("application.properties"), file.toString());
        Files.writeString(config.resolve("agencies.yaml"), "agencies: []\n");
        props = GatewayProperties.load(config.resolve("application.properties"), k -> null);
        try (HikariDataSource ds = open()) {
            LedgerMigrations.migrate(ds);
            byte[] key = AuditKey.of("", PersonalDataKeys.cipher(props));
            new AuditLedger(ds, key, Clock.fixed(DAY1, ZoneOffset.UTC)).appendAll(List.of(
                    new AuditEvent(AuditEvent.CLERK, "siti", "dinsos", "LOGIN", "", "", "10.0.0.7"),
                    new AuditEvent(AuditEvent.CLERK, "siti", "dinsos", "UPLOAD", "=maret.csv", "size=10, sha256=ab",
                            "10.0.0.7")));
            AuditLedger later = new AuditLedger(ds, key, Clock.fixed(DAY2, ZoneOffset.UTC));
            later.append(new AuditEvent(AuditEvent.OPERATOR, "operator", "", "REPLAY", "file 7", "queued=3 refused=0",
                    "10.0.0.9"));
            later.append(AuditEvent.system("agency-reloader", "", "CONFIG_RELOAD", "agencies.yaml", "added=[dinkes]"));
        }
    }

    private HikariDataSource open() {
        return LedgerDataSource.create(props.get("jamsos.ledger.url"), props.get("jamsos.ledger.user", ""),
                props.get("jamsos.ledger.password", ""), 2);
    }

    private void sql(String statement) throws Exception {
        try (HikariDataSource ds = open(); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void anIntactTrailVerifies() {
        CliRun run = CliRun.of("audit", "verify", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AuditCommand.INTACT);
        assertThat(run.out()).startsWith("OK: 4 entries verified");
    }

    @Test
    void anEntryAlteredInTheDatabaseIsNamed() throws Exception {
        sql("UPDATE audit_entry SET actor = 'budi' WHERE seq = 2");

        CliRun run = CliRun.of("audit", "--config", config.toString(), "verify");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.BROKEN);
        assertThat(run.out()).contains("BROKEN at seq 2").contains("altered");
    }

    @Test
    void anEntryDeletedFromTheDatabaseIsNamedAsAGap() throws Exception {
        sql("DELETE FROM audit_entry WHERE seq = 3");

        CliRun run = CliRun.of("audit", "--config", config.toString(), "verify");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.BROKEN);
        assertThat(run.out()).contains("BROKEN at seq 3").contains("missing");
    }

    @Test
    void theExportAsCsvHoldsTheDaysAskedForWithCellsSafeForASpreadsheet() throws Exception {
        Path csv = dir.resolve("audit.csv");

        CliRun run = CliRun.of("audit", "--config", config.toString(), "export", "--from", "2026-11-30", "--to",
                "2026-11-30", "--csv", csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("2 entries written");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("seq,at,actor_kind,actor,agency,action");
        assertThat(lines.get(1)).startsWith("1,2026-11-30T08:00:00Z,CLERK,siti,dinsos,LOGIN,");
        assertThat(lines.get(2)).contains(",UPLOAD,'=maret.csv,OK,\"size=10, sha256=ab\",");
    }

    @Test
    void theExportAsJsonHoldsTheEntriesAsStoredAndIsItselfAudited() throws Exception {
        Path json = dir.resolve("audit.json");

        CliRun run = CliRun.of("audit", "export", "--config", config.toString(), "--json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("count").asInt()).isEqualTo(4);
        assertThat(root.get("entries").get(1).get("subject").asText()).isEqualTo("=maret.csv");
        assertThat(root.get("entries").get(0).get("prevHash").asText()).isEqualTo(AuditLedger.GENESIS);
        assertThat(root.get("entries").get(1).get("prevHash").asText())
                .isEqualTo(root.get("entries").get(0).get("hash").asText());
        // The export is the fifth entry, and the chain still verifies.
        CliRun verify = CliRun.of("audit", "--config", config.toString(), "verify");
        assertThat(verify.out()).startsWith("OK: 5 entries verified");
    }

    @Test
    void aWrongDateIsRefusedWithBothLanguages() {
        CliRun run = CliRun.of("audit", "--config", config.toString(), "export", "--from", "30-11-2026",
                dir.resolve("x.csv").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(run.err()).contains("yyyy-MM-dd");
    }
}
