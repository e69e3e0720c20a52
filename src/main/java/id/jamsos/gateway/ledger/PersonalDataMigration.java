package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up pass that finishes V5__personal_data.sql, and key rotation: SQL cannot compute a keyed
 * hash, so rows written before V5 still hold a plain NIK until this pass gives them nik_hash and
 * nik_enc and empties nik; values encrypted under an old key, or before values were bound to their
 * row ({@link CipherContext}), are written again under the current key, bound; free-text columns that
 * quote a NIK (claim payload and message, stored request JSON) are encrypted. Runs in batches, each its
 * own transaction, and is idempotent, so a crash half way is finished next start. Each UPDATE holds
 * only while the value is still the one read, so a gateway of the same ledger writing that row at the
 * same moment is never overwritten with an older value.
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
        unreadable = 0;
        Place fileRow = r -> CipherContext.rowNik(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
        Place request = r -> CipherContext.rowRequest(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
        Place change = r -> CipherContext.rowChange(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
        long n = 0;
        n += plainNiks("file_row", "file_id, row_no", "file_id, row_no", fileRow);
        // kpj is the worker's key for the UPDATE (unique); file_id, row_no the row that enrolled it,
        // whose context its NIK is bound to.
        n += plainNiks("worker", "kpj", "file_id, row_no", fileRow);
        n += plainNiks("claim", "claim_id", "claim_id", r -> CipherContext.claimNik((String) r[0]));
        n += rewrite("file_row", "file_id, row_no", "file_id, row_no", "nik_enc", false, fileRow);
        n += rewrite("worker", "kpj", "file_id, row_no", "nik_enc", false, fileRow);
        n += rewrite("claim", "claim_id", "claim_id", "nik_enc", false, r -> CipherContext.claimNik((String) r[0]));
        n += rewrite("claim", "claim_id", "claim_id", "payload", true, r -> CipherContext.claimPayload((String) r[0]));
        n += rewrite("claim", "claim_id", "claim_id", "message", true, r -> CipherContext.claimMessage((String) r[0]));
        n += rewrite("file_row", "file_id, row_no", "file_id, row_no", "request_json", true, request);
        // A change's values before and after (V16), bound to the file row that asked for it.
        n += rewrite("worker_change", "id", "source", "old_values", true,
                r -> CipherContext.changeOldValues((String) r[0]));
        n += rewrite("worker_change", "id", "source", "new_values", true,
                r -> CipherContext.changeNewValues((String) r[0]));
        n += rewrite("file_row", "file_id, row_no", "file_id, row_no", "change_json", true, change);
        // Notifying workers (V38): the worker's phone, bound to the NIK hash, and each message's template
        // parameters (the name among them), bound to its event key. Emptied values (retention) are not read.
        // Tolerant (s13 review finding 6): one damaged phone or message must not keep the gateway from starting;
        // such a value is left as it is (the desk fails that message with a fixed reason), its row key logged.
        n += rewrite("worker_contact", "nik_hash", "nik_hash", "phone_enc", false,
                r -> CipherContext.contactPhone((String) r[0]), true);
        n += rewrite("notification", "id", "event_key", "params_enc", true,
                r -> CipherContext.notificationParams((String) r[0]), true);
        if (unreadable > 0) {
            LOG.warn("personal data: {} stored phone(s) or message parameter(s) could not be decrypted and were left as"
                    + " they are (their rows are named above); the messages concerned fail with a fixed reason", unreadable);
        }
        if (n > 0) {
            LOG.info("personal data: {} stored values hashed, encrypted or re-encrypted under key {}", n,
                    pii.currentKeyId());
        }
        return n;
    }

    /** Rows from before V5: a plain NIK becomes its hash and its ciphertext bound to the row. */
    private long plainNiks(String table, String key, String context, Place place) {
        int keys = count(key);
        return loop("SELECT " + key + ", " + context + ", nik FROM " + table + " WHERE nik IS NOT NULL ORDER BY " + key,
                "UPDATE " + table + " SET nik_hash = ?, nik_enc = ?, nik = NULL WHERE " + where(key) + " AND nik = ?",
                keys, (r, v) -> new String[] {pii.hash(v), pii.encrypt(v, place.of(Arrays.copyOfRange(r, keys, r.length - 1)))});
    }

    /**
     * Values under an older key, from before binding, or (free text) still plain: written again under
     * the current key, bound to their row. The prefix test selects only those, so a value once
     * rewritten is never read again: a run cut off half way leaves the rest for the next start.
     */
    private long rewrite(String table, String key, String context, String column, boolean text, Place place) {
        return rewrite(table, key, context, column, text, place, false);
    }

    /** Values that did not decrypt in a tolerant rewrite during the last {@link #run} (left as they were). */
    private long unreadable;

    /** How many values the last {@link #run} left because they did not decrypt (worker phones, message parameters). */
    public long unreadable() {
        return unreadable;
    }

    /**
     * {@code tolerant}: a value that does not decrypt is left as it is, counted and its row key logged (the key
     * only: a NIK hash or a notification id, no personal data), instead of failing the run.
     */
    private long rewrite(String table, String key, String context, String column, boolean text, Place place,
                         boolean tolerant) {
        long before = unreadable;
        String current = (text ? PersonalDataCipher.TEXT_PREFIX : "") + pii.currentPrefix();
        int keys = count(key);
        return loop("SELECT " + key + ", " + context + ", " + column + " FROM " + table + " WHERE " + column
                        + " IS NOT NULL AND LEFT(" + column + ", " + current.length() + ") <> '" + current + "'"
                        // In key order, so a run cut off half way has done a prefix of the table.
                        + " ORDER BY " + key,
                "UPDATE " + table + " SET " + column + " = ? WHERE " + where(key) + " AND " + column + " = ?",
                keys, (r, v) -> {
                    CipherContext where = place.of(Arrays.copyOfRange(r, keys, r.length - 1));
                    try {
                        return new String[] {text ? pii.encryptText(pii.decryptText(v, where), where)
                                : pii.encrypt(pii.decrypt(v, where), where)};
                    } catch (RuntimeException e) {
                        if (!tolerant) {
                            throw e;
                        }
                        unreadable++;
                        LOG.warn("personal data: {}.{} of row {} = {} does not decrypt: left as it is", table, column,
                                key, Arrays.toString(Arrays.copyOf(r, keys)));
                        return null;
                    }
                }) - (unreadable - before);
    }

    private static int count(String key) {
        return key.split(",\\s*").length;
    }

    private static String where(String key) {
        return String.join(" AND ", Arrays.stream(key.split(",\\s*")).map(k -> k + " = ?").toList());
    }

    /** The context of a row, from the columns selected for it (after the key columns). */
    private interface Place {
        CipherContext of(Object[] contextColumns);
    }

    private interface Convert {
        /** @param row every selected column, the value last */
        String[] apply(Object[] row, String value);
    }

    private long loop(String select, String update, int keys, Convert convert) {
        long total = 0;
        // Each round goes on after the last key of the one before (keyset), so that a round never walks
        // past the rows already converted: a table of N rows costs N row visits, not N * N / BATCH.
        // Bounded: every round moves forward; a cap guards a bug.
        Object[][] last = {null};
        for (int round = 0; round < 1_000_000; round++) {
            int done = jdbc.inTransaction("convert personal data", c -> batch(c, select, update, keys, convert, last));
            total += done;
            if (done < BATCH) {
                return total;
            }
        }
        throw new LedgerException("personal data conversion did not finish");
    }

    /** {@code last[0]}: the key columns of the last row read before, null for the first round; updated here. */
    private static int batch(Connection c, String select, String update, int keys, Convert convert, Object[][] last)
            throws java.sql.SQLException {
        List<Object[]> rows = new ArrayList<>();
        int orderBy = select.lastIndexOf(" ORDER BY ");
        String key = select.substring(orderBy + " ORDER BY ".length());
        String sql = last[0] == null ? select
                : select.substring(0, orderBy) + " AND (" + key + ") > (" + String.join(", ", Collections.nCopies(keys, "?"))
                        + ")" + select.substring(orderBy);
        try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT " + BATCH)) {
            if (last[0] != null) {
                for (int k = 0; k < keys; k++) {
                    ps.setObject(k + 1, last[0][k]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] r = new Object[cols];
                    for (int i = 0; i < cols; i++) {
                        r[i] = rs.getObject(i + 1);
                    }
                    rows.add(r);
                }
            }
        }
        if (!rows.isEmpty()) {
            last[0] = Arrays.copyOf(rows.get(rows.size() - 1), keys);
        }
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Object[] r : rows) {
                String old = (String) r[r.length - 1];
                String[] converted = convert.apply(r, old);
                if (converted == null) {
                    continue; // left as it is (a tolerant rewrite); the keyset goes on past it
                }
                int i = 1;
                for (String v : converted) {
                    ps.setString(i++, v);
                }
                for (int k = 0; k < keys; k++) {
                    ps.setObject(i++, r[k]);
                }
                // Only if the value is still the one read: a gateway that wrote the row meanwhile wins.
                ps.setString(i, old);
                ps.addBatch();
            }
            if (!rows.isEmpty()) {
                ps.executeBatch(); // an empty batch (every row left as it was) updates nothing
            }
        }
        return rows.size();
    }
}
