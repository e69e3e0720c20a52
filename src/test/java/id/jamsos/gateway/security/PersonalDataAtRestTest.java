package id.jamsos.gateway.security;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.NikStanding;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a whole run (a file enrolled, rejects, a claim), no text column of any ledger table holds a
 * NIK, on H2 and on PostgreSQL; the gateway still reads its own rows back in plain.
 */
class PersonalDataAtRestTest {

    private static final Pattern SIXTEEN_DIGITS = Pattern.compile("(?<!\\d)\\d{16}(?!\\d)");
    /** Hex digests (file checksum, idempotency key): may hold 16 decimal digits in a row by chance. */
    private static final Set<String> HEX_COLUMNS = Set.of("checksum", "live_checksum", "idempotency_key");

    @TempDir
    Path dir;

    @Test
    void noNikInAnyTextColumnOnH2() throws Exception {
        Path env = dir.resolve("env");
        List<String> niks = runEndToEnd(Map.of(), env);
        String url = "jdbc:h2:file:" + env.resolve("ledger").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertNoNik(c, null, niks);
        }
    }

    @Test
    void noNikInAnyTextColumnOnPostgres() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.openOrSkip()) {
            List<String> niks = runEndToEnd(Map.of("jamsos.ledger.url", pg.url(), "jamsos.ledger.user", pg.user(),
                    "jamsos.ledger.password", ""), dir.resolve("env-pg"));
            try (Connection c = pg.dataSource().getConnection()) {
                assertNoNik(c, c.getSchema(), niks);
            }
        }
    }

    /** Runs a file and a claim through the gateway, closes it, returns every NIK it was given. */
    private List<String> runEndToEnd(Map<String, String> overrides, Path env) throws Exception {
        Path sample = dir.resolve("pekerja-" + env.getFileName() + ".csv");
        SampleWorkers.generate(sample, 40, 21L, 7);
        List<String> niks = new ArrayList<>();
        for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
            var m = SIXTEEN_DIGITS.matcher(line);
            while (m.find()) {
                niks.add(m.group());
            }
        }
        assertThat(niks).hasSizeGreaterThan(30);
        try (GatewayFixture fx = GatewayFixture.start(env, overrides)) {
            fx.upload(DemoEnvironment.KEY_AGENCY, sample, "pekerja.csv");
            FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "pekerja.csv", Duration.ofSeconds(90));
            List<String> enrolled = new ArrayList<>();
            fx.gateway.ledger().forEachRow(file.id(), r -> {
                if (r.state() == RowState.ENROLLED) {
                    enrolled.add(r.nik());
                }
            });
            // Read back in plain through the ledger, and found by NIK through the hash.
            assertThat(enrolled).isNotEmpty().allMatch(n -> niks.contains(n));
            assertThat(fx.gateway.ledger().findWorkerByNik(enrolled.get(0))).get()
                    .satisfies(w -> assertThat(w.nik()).isEqualTo(enrolled.get(0)));
            assertThat(fx.gateway.ledger().standingOf(enrolled)).hasSize(enrolled.size())
                    .allSatisfy((nik, standing) -> assertThat(standing).isInstanceOf(NikStanding.Enrolled.class));

            ClaimNotice claim = fx.env.simulator().jkmClaimFor(enrolled.get(0));
            assertThat(fx.env.simulator().fireClaim(fx.env.callbackUrl(fx.props), claim)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.gateway.ledger().isClaimPublished(claim.claimId()));
            assertThat(fx.gateway.ledger().claim(claim.claimId())).get()
                    .satisfies(c -> assertThat(c.nik()).isEqualTo(enrolled.get(0)));
        }
        return niks;
    }

    private static void assertNoNik(Connection c, String schema, List<String> niks) throws Exception {
        DatabaseMetaData md = c.getMetaData();
        Map<String, List<String>> textColumns = new HashMap<>();
        try (ResultSet cols = md.getColumns(null, schema, "%", "%")) {
            while (cols.next()) {
                String table = cols.getString("TABLE_NAME");
                String schem = cols.getString("TABLE_SCHEM");
                if (schem != null && (schem.equalsIgnoreCase("information_schema") || schem.startsWith("pg_"))) {
                    continue;
                }
                int type = cols.getInt("DATA_TYPE");
                if (type == Types.VARCHAR || type == Types.CHAR || type == Types.CLOB || type == Types.LONGVARCHAR
                        || type == Types.NVARCHAR) {
                    textColumns.computeIfAbsent(table, t -> new ArrayList<>()).add(cols.getString("COLUMN_NAME"));
                }
            }
        }
        assertThat(textColumns).containsKeys("file_row", "worker", "claim", "agency_file");
        int values = 0;
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, List<String>> t : textColumns.entrySet()) {
                for (String col : t.getValue()) {
                    try (ResultSet rs = s.executeQuery("SELECT \"" + col + "\" FROM \"" + t.getKey() + "\"")) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            if (v == null) {
                                continue;
                            }
                            values++;
                            for (String nik : niks) {
                                if (v.contains(nik)) {
                                    found.add(t.getKey() + "." + col + " holds a NIK");
                                }
                            }
                            if (!HEX_COLUMNS.contains(col) && SIXTEEN_DIGITS.matcher(v).find()) {
                                found.add(t.getKey() + "." + col + " holds a 16-digit run");
                            }
                        }
                    }
                }
            }
        }
        assertThat(values).isGreaterThan(100);
        assertThat(found).isEmpty();
    }
}
