package id.jamsos.gateway.proof;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.ledger.WorkerProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A ledger in a private H2 database with five workers enrolled in March 2026 (cover from 2026-03), for the
 * proof-of-cover tests: three of dinsos in Sorong Timur (two in Klasaman, one a name outside WinAnsi, one in
 * Klawuyuk), one of dinkes in Klasaman, and one of dinsos in Sorong Barat (never printed below).
 */
public final class ProofFixture implements AutoCloseable {

    /** One seeded worker. */
    public record Seeded(String agency, String district, String kelurahan, String name, String nik, String kpj) {
    }

    public static final Seeded YOSINA = new Seeded("dinsos", "Sorong Timur", "Klasaman", "Yosina Mambrasar",
            "9671104501900001", "05K40000001");
    public static final Seeded LUKASZ = new Seeded("dinsos", "Sorong Timur", "Klasaman", "\u0141ukasz \u015Acibor",
            "9671101203850002", "05K40000002");
    public static final Seeded JOSE = new Seeded("dinsos", "Sorong Timur", "Klawuyuk", "Jos\u00e9 M\u00fcller",
            "9671100101800003", "05K40000003");
    public static final Seeded MARKUS = new Seeded("dinkes", "Sorong Timur", "Klasaman", "Markus Wanma",
            "9671100202820004", "05K40000004");
    public static final Seeded RUTH = new Seeded("dinsos", "Sorong Barat", "Remu", "Ruth Kambu",
            "9671100303830005", "05K40000005");
    public static final List<Seeded> ALL = List.of(YOSINA, LUKASZ, JOSE, MARKUS, RUTH);

    public static final Instant ENROLLED = Instant.parse("2026-03-10T01:00:00Z");
    public static final String CHECK_URL = "https://www.bpjsketenagakerjaan.go.id/";

    public final GatewayProperties props;
    public final DataSource dataSource;
    public final PersonalDataCipher pii;
    private final AutoCloseable closer;

    /** On a private in-memory H2 ledger. */
    public ProofFixture() {
        this(null, null);
    }

    /**
     * On {@code given} (a PostgreSQL schema of its own, say), closed with {@code closer}; null: a private
     * in-memory H2 ledger, which {@link #props} then names for the commands.
     */
    public ProofFixture(DataSource given, AutoCloseable closer) {
        Map<String, String> settings = new HashMap<>(PersonalDataKeys.random("k1"));
        settings.put("jamsos.ledger.url", LedgerDataSource.h2MemUrl("proofs-" + UUID.randomUUID()));
        settings.put("jamsos.ledger.user", "sa");
        settings.put("jamsos.programme.firstMonth", "2026-01");
        settings.put("jamsos.programme.lastMonth", "2026-12");
        settings.put("jamsos.programme.source.APBD_KOTA.name", "APBD Kota Sorong");
        props = GatewayProperties.of(settings);
        if (given == null) {
            HikariDataSource h2 = LedgerDataSource.create(props.get("jamsos.ledger.url"), "sa", "", 4);
            dataSource = h2;
            this.closer = h2;
        } else {
            dataSource = given;
            this.closer = closer;
        }
        LedgerMigrations.migrate(dataSource);
        pii = PersonalDataKeys.cipher(props);
        for (String agency : List.of("dinsos", "dinkes")) {
            enroll(agency, agency + "-maret.csv", ALL.stream().filter(s -> s.agency().equals(agency)).toList());
        }
    }

    /** More workers of {@code agency} enrolled from a file of its own (ENROLLED, covered from 2026-03). */
    public void enroll(String agency, String fileName, List<Seeded> theirs) {
        Ledger ledger = new Ledger(dataSource, Clock.fixed(ENROLLED, ZoneOffset.UTC), pii);
        String sha = String.format("%064x", new java.math.BigInteger(1, fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 64);
        long file = ledger.registerFile(agency, fileName, sha, ENROLLED).fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < theirs.size(); i++) {
            Seeded s = theirs.get(i);
            rows.add(new LedgerRow(file, i + 1, s.nik(), s.name(), RowState.PENDING, List.of(), agency + "-" + fileName
                    + "-k" + i, null, null, 1_000_000L, LocalDate.of(1990, 1, 5)));
            outcomes.add(new RowOutcome(file, i + 1, RowState.ENROLLED, s.kpj(), null, agency, s.district(),
                    new WorkerProfile(s.kelurahan(), "nelayan", "P", 1990)));
        }
        ledger.insertRows(file, rows);
        ledger.completeIntake(file, rows.size(), 0);
        ledger.recordOutcomes(outcomes);
    }

    public ProofSettings settings() {
        return ProofSettings.from(k -> props.get(k, null));
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
