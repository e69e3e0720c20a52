package id.jamsos.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The programme's eligibility list in the ledger (V32, docs/eligibility.md): imports of an extract of
 * the poverty-targeting register and the lookups the intake makes against the active one.
 *
 * <p>An import writes its entries and makes its list the active one in one transaction: until it
 * commits, every lookup sees the previous list whole; afterwards, the new one whole. Entries are
 * streamed in: {@value #BATCH} at a time, on PostgreSQL through one COPY (as the invoice lines,
 * {@link InvoiceLedger}), elsewhere as JDBC batches; the file is never held.
 *
 * <p>Nothing personal is stored in the clear: the NIK is the ledger's keyed hash
 * ({@link PersonalDataCipher#hash}, the very value of file_row.nik_hash and worker.nik_hash), the
 * household id the keyed hash of {@code "household:" + id}.
 */
public final class EligibilityLedger {

    /** Entries per JDBC batch or COPY write. */
    static final int BATCH = 1_000;
    /** NIKs per IN (...) list. */
    private static final int IN_CHUNK = 500;
    private static final int MAX_ERROR_CHARS = 1_000;

    public static final String ACTIVE = "ACTIVE";
    public static final String REPLACED = "REPLACED";
    public static final String FAILED = "FAILED";
    /** The list being written; never seen outside its import's transaction. */
    static final String LOADING = "LOADING";

    /** One person of an extract, as read (the NIK already checked to be 16 digits). */
    public record Entry(String nik, int decile, String villageCode, String householdId) {
    }

    /** What an import is called and where it came from. */
    public record ListHeader(String name, String source, String fileName, String sha256, String villageCodeSystem) {
    }

    /** One import, as {@code eligibility status} shows it. */
    public record ListInfo(long id, String name, String source, String fileName, String villageCodeSystem,
                           Instant importedAt, long rows, long skipped, String state, String error) {
    }

    /** A NIK's standing on the active list: its (lowest) decile and village code. */
    public record Standing(int decile, String villageCode) {
    }

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;
    private final Clock clock;

    public EligibilityLedger(DataSource dataSource, PersonalDataCipher pii, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.pii = Objects.requireNonNull(pii, "pii");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Imports a list and makes it the active one, replacing the one before, in one transaction. When
     * reading or writing fails the transaction is rolled back (the active list stays as it was), a
     * FAILED header records the attempt, and the failure is thrown again.
     *
     * @param skipped asked once {@code entries} is exhausted: lines of the extract that were not taken
     */
    public ListInfo importList(ListHeader header, Iterator<Entry> entries, LongSupplier skipped) {
        Instant now = clock.instant();
        try {
            return jdbc.inTransaction("import eligibility list " + header.name(), c -> {
                long id = insertHeader(c, header, now, LOADING);
                long rows;
                try (Batch batch = new Batch(c, id)) {
                    while (entries.hasNext()) {
                        batch.add(entries.next());
                    }
                    batch.flush();
                    rows = batch.written;
                }
                long skip = skipped.getAsLong();
                // An extract that yielded nothing usable (NIKs saved as 9.27E+15, a column matched wrongly)
                // must not replace a working list: under REFUSE it would refuse every enrollment.
                if (rows == 0) {
                    throw new IllegalArgumentException("ekstrak hanya menghasilkan " + rows + " baris yang dapat"
                            + " dipakai dan " + skip + " baris dilewati / the extract gave " + rows + " usable lines and "
                            + skip + " skipped: check the NIK and DESIL columns (saved as text?)");
                }
                // The swap: the active list (if any) is locked, replaced and emptied; then this one is live.
                List<Long> before = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM eligibility_list WHERE live = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        before.add(rs.getLong(1));
                    }
                }
                for (long old : before) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE eligibility_list SET state = ?, live = NULL WHERE id = ?")) {
                        ps.setString(1, REPLACED);
                        ps.setLong(2, old);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM eligibility_entry WHERE list_id = ?")) {
                        ps.setLong(1, old);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE eligibility_list SET state = ?, live = 1,"
                        + " row_count = ?, skipped_rows = ? WHERE id = ?")) {
                    ps.setString(1, ACTIVE);
                    ps.setLong(2, rows);
                    ps.setLong(3, skip);
                    ps.setLong(4, id);
                    ps.executeUpdate();
                }
                return new ListInfo(id, header.name(), header.source(), header.fileName(),
                        header.villageCodeSystem(), DbTime.truncate(now), rows, skip, ACTIVE, null);
            });
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            recordFailure(header, now, why);
            throw e;
        }
    }

    private void recordFailure(ListHeader header, Instant at, String why) {
        try {
            jdbc.call("record failed eligibility import", c -> {
                long id = insertHeader(c, header, at, FAILED);
                try (PreparedStatement ps = c.prepareStatement("UPDATE eligibility_list SET error = ? WHERE id = ?")) {
                    // The reader's messages name line numbers and columns, never a cell's value.
                    ps.setString(1, why.length() > MAX_ERROR_CHARS ? why.substring(0, MAX_ERROR_CHARS) : why);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (LedgerException ignored) {
            // The database that failed the import may refuse this too; the import's own failure is thrown.
        }
    }

    private static long insertHeader(Connection c, ListHeader h, Instant at, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO eligibility_list (name, source, file_name,"
                + " file_sha256, village_code_system, imported_at, row_count, skipped_rows, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)", new String[] {"id"})) {
            ps.setString(1, cut(h.name(), 200));
            ps.setString(2, cut(h.source(), 40));
            ps.setString(3, cut(h.fileName(), 255));
            ps.setString(4, h.sha256());
            ps.setString(5, h.villageCodeSystem());
            DbTime.set(ps, 6, at);
            ps.setString(7, state);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The active list, if one was imported. */
    public Optional<ListInfo> active() {
        return jdbc.call("read active eligibility list", c -> {
            List<ListInfo> found = read(c, "WHERE live = 1", 1);
            return found.isEmpty() ? Optional.<ListInfo>empty() : Optional.of(found.get(0));
        });
    }

    /** The latest imports, newest first (active, replaced, failed). */
    public List<ListInfo> recent(int limit) {
        return jdbc.call("read eligibility lists", c -> read(c, "", limit));
    }

    private static List<ListInfo> read(Connection c, String where, int limit) throws SQLException {
        List<ListInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, source, file_name, village_code_system,"
                + " imported_at, row_count, skipped_rows, state, error FROM eligibility_list " + where
                + " ORDER BY id DESC LIMIT " + Math.max(1, limit))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ListInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), DbTime.get(rs, 6), rs.getLong(7), rs.getLong(8), rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    /**
     * The standing of each NIK found on the active list, by NIK; a NIK not on it (or no list at all) is
     * absent. One query per {@value #IN_CHUNK} NIKs: the intake asks once per chunk of a file.
     */
    public Map<String, Standing> standingOf(Collection<String> niks) {
        Map<String, String> byHash = new HashMap<>();
        for (String nik : new LinkedHashSet<>(niks)) {
            byHash.put(pii.hash(nik), nik);
        }
        if (byHash.isEmpty()) {
            return Map.of();
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        return jdbc.call("look up eligibility", c -> {
            Map<String, Standing> out = new HashMap<>();
            for (int from = 0; from < hashes.size(); from += IN_CHUNK) {
                List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + IN_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT e.nik_hash, MIN(e.decile), MIN(e.village_code)"
                        + " FROM eligibility_entry e JOIN eligibility_list l ON l.id = e.list_id"
                        + " WHERE l.live = 1 AND e.nik_hash IN (" + marks + ") GROUP BY e.nik_hash")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(byHash.get(rs.getString(1)), new Standing(rs.getInt(2), rs.getString(3)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** How many entries the list holds now (a replaced list: none). */
    public long entries(long listId) {
        return jdbc.call("count eligibility entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM eligibility_entry WHERE list_id = ?")) {
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The entries read so far, hashed and written {@value #BATCH} at a time. */
    private final class Batch implements AutoCloseable {
        private final Connection c;
        private final long listId;
        /** PostgreSQL: one COPY for the whole list, several times faster than INSERTs; null on H2. */
        private final CopyIn copy;
        private final StringBuilder rows = new StringBuilder(BATCH * 120);
        private PreparedStatement insert;
        private int size;
        long written;

        Batch(Connection c, long listId) throws SQLException {
            this.c = c;
            this.listId = listId;
            this.copy = c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY eligibility_entry (list_id, nik_hash, decile, village_code, household_hash)"
                            + " FROM STDIN") : null;
        }

        void add(Entry e) throws SQLException {
            String nikHash = pii.hash(e.nik());
            String household = e.householdId() == null ? null : pii.hash("household:" + e.householdId());
            if (copy != null) {
                // COPY's text format; hashes are base64url and codes digits: nothing to escape.
                rows.append(listId).append('\t').append(nikHash).append('\t').append(e.decile()).append('\t')
                        .append(e.villageCode() == null ? "\\N" : e.villageCode()).append('\t')
                        .append(household == null ? "\\N" : household).append('\n');
            } else {
                if (insert == null) {
                    insert = c.prepareStatement("INSERT INTO eligibility_entry (list_id, nik_hash, decile,"
                            + " village_code, household_hash) VALUES (?, ?, ?, ?, ?)");
                }
                insert.setLong(1, listId);
                insert.setString(2, nikHash);
                insert.setInt(3, e.decile());
                insert.setString(4, e.villageCode());
                insert.setString(5, household);
                insert.addBatch();
            }
            written++;
            if (++size == BATCH) {
                write();
            }
        }

        private void write() throws SQLException {
            if (size == 0) {
                return;
            }
            if (copy != null) {
                byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                rows.setLength(0);
            } else {
                insert.executeBatch();
            }
            size = 0;
        }

        void flush() throws SQLException {
            write();
            if (copy != null) {
                copy.endCopy();
            }
        }

        @Override
        public void close() throws SQLException {
            if (copy != null && copy.isActive()) {
                // Reading failed midway: the COPY is cancelled, and the transaction rolled back after.
                copy.cancelCopy();
            }
            if (insert != null) {
                insert.close();
            }
        }
    }
}
