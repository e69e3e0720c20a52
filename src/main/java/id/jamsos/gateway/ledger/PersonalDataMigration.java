package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up pass that finishes V5__personal_data.sql, and key rotation: SQL cannot compute a keyed
 * hash, so rows written before V5 still hold a plain NIK until this pass gives them nik_hash and
 * nik_enc and empties nik; values encrypted under an old key are re-encrypted under the current one;
 * free-text columns that quote a NIK (claim payload, stored request JSON) are encrypted. Runs in
 * batches, each its own transaction, and is idempotent, so a crash half way is finished next start.
 * Chosen over a Flyway Java migration because the keys come from the gateway's settings, which
 * Flyway does not see, and because rotation needs the same pass anyway.
 */
public final class PersonalDataMigration {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataMigration.class);
    private static final int BATCH = 500;

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;

    public PersonalDataMigration(DataSource dataSource, PersonalDataCipher pii) {
        this.jdbc = new Jdbc(dataSource);
        this.pii = pii;
    }

    /** @return how many values were converted or re-encrypted */
    public long run() {
        long n = 0;
        for (String[] t : new String[][] {
                {"file_row", "file_id, row_no"}, {"worker", "kpj"}, {"claim", "claim_id"}}) {
            n += plainNiks(t[0], t[1]);
            n += staleNiks(t[0], t[1]);
        }
        n += texts("claim", "claim_id", "payload");
        n += texts("file_row", "file_id, row_no", "request_json");
        if (n > 0) {
            LOG.info("personal data: {} stored values hashed, encrypted or re-encrypted under key {}", n,
                    pii.currentKeyId());
        }
        return n;
    }

    private long plainNiks(String table, String key) {
        return loop("SELECT " + key + ", nik FROM " + table + " WHERE nik IS NOT NULL",
                "UPDATE " + table + " SET nik_hash = ?, nik_enc = ?, nik = NULL WHERE " + where(key),
                v -> new String[] {pii.hash(v), pii.encrypt(v)});
    }

    private long staleNiks(String table, String key) {
        return loop("SELECT " + key + ", nik_enc FROM " + table + " WHERE nik_enc IS NOT NULL AND nik_enc NOT LIKE '"
                        + pii.currentKeyId() + ":%'",
                "UPDATE " + table + " SET nik_enc = ? WHERE " + where(key),
                v -> new String[] {pii.encrypt(pii.decrypt(v))});
    }

    private long texts(String table, String key, String column) {
        String current = "enc:" + pii.currentKeyId() + ":%";
        return loop("SELECT " + key + ", " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL AND "
                        + column + " NOT LIKE '" + current + "'",
                "UPDATE " + table + " SET " + column + " = ? WHERE " + where(key),
                v -> new String[] {pii.encryptText(pii.decryptText(v))});
    }

    private static String where(String key) {
        return String.join(" AND ", java.util.Arrays.stream(key.split(",\\s*")).map(k -> k + " = ?").toList());
    }

    private interface Convert {
        String[] apply(String value);
    }

    private long loop(String select, String update, Convert convert) {
        long total = 0;
        // Bounded: each round converts every row it read, so the SELECT shrinks; a cap guards a bug.
        for (int round = 0; round < 1_000_000; round++) {
            int done = jdbc.inTransaction("convert personal data", c -> batch(c, select, update, convert));
            total += done;
            if (done < BATCH) {
                return total;
            }
        }
        throw new LedgerException("personal data conversion did not finish");
    }

    private static int batch(Connection c, String select, String update, Convert convert) throws java.sql.SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select + " LIMIT " + BATCH); ResultSet rs = ps.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] r = new Object[cols];
                for (int i = 0; i < cols; i++) {
                    r[i] = rs.getObject(i + 1);
                }
                rows.add(r);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Object[] r : rows) {
                String[] values = convert.apply((String) r[r.length - 1]);
                int i = 1;
                for (String v : values) {
                    ps.setString(i++, v);
                }
                for (int k = 0; k < r.length - 1; k++) {
                    ps.setObject(i++, r[k]);
                }
                ps.addBatch();
            }
            if (!rows.isEmpty()) {
                ps.executeBatch();
            }
        }
        return rows.size();
    }
}
