package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The ledger queries operators need (status page, metrics, replay), kept apart from {@link Ledger}
 * whose methods serve the data flow. Reads only, except storing a row's job item for replay.
 */
public final class OpsQueries {

    /** A row's stored enrollment job item, as JSON; null when none was stored. */
    public record StoredItem(int rowNo, String itemJson) {
    }

    /** A claim as the status page lists it: no NIK, no payload. */
    public record ClaimSummary(String claimId, String claimType, String kpj, long amount, String agencyId,
                               Instant receivedAt, Instant publishedAt) {
    }

    /** How many files the retention job purged, and when it last did; latest is null before the first. */
    public record PurgedFiles(long files, Instant latest) {
    }

    /**
     * A file as the status page lists it: its ledger entry and its rows per state (every state present),
     * the counts kept on the file once the retention job purged its rows.
     */
    public record FileCounts(FileInfo file, Map<RowState, Integer> counts) {
    }

    /** A file's ledger entry ({@code Ledger}'s columns) and the counts {@link Retention} keeps on it. */
    private static final String LISTED_FILE_COLUMNS = Ledger.FILE_COLUMNS
            + ", " + String.join(", ", Retention.KEPT_COLUMNS.values().stream()
                    .filter(column -> !column.equals("rejected_rows")).toList()); // in FILE_COLUMNS already
    private static final String LATEST_FILES_PER_AGENCY = latestFilesPerAgencySql();

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;

    /** With the public test key: for tests only. */
    public OpsQueries(DataSource dataSource) {
        this(dataSource, PersonalDataCipher.forTests());
    }

    public OpsQueries(DataSource dataSource, PersonalDataCipher pii) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.pii = Objects.requireNonNull(pii, "pii");
    }

    /**
     * Rows of every file in each state, with the counts kept on purged files ({@link Retention}); every
     * state is present. One statement, so a purge committing meanwhile is counted once.
     */
    public Map<RowState, Long> rowCountsAll() {
        return jdbc.call("count all rows", c -> {
            Map<RowState, Long> counts = new EnumMap<>(RowState.class);
            for (RowState s : RowState.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT r.state AS state, COUNT(*) AS n FROM file_row r"
                    + " JOIN agency_file f ON f.id = r.file_id WHERE f.purged_at IS NULL GROUP BY r.state"
                    + " UNION ALL " + Retention.keptTotals());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.merge(RowState.valueOf(rs.getString("state")), rs.getLong("n"), Long::sum);
                }
            }
            return counts;
        });
    }

    /**
     * The latest {@code perAgency} files of every agency that has files, newest first, each with its
     * rows per state: one statement, however many files and agencies there are, where the page used
     * to ask once per agency and several times per file. Being one statement, it also sees a purge
     * whole or not at all: a file reads either with its rows or with the counts kept on it.
     */
    public List<FileCounts> latestFilesPerAgency(int perAgency) {
        return jdbc.call("list latest files with their row counts", c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST_FILES_PER_AGENCY)) {
                ps.setInt(1, Math.max(0, perAgency));
                List<FileCounts> files = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileInfo file = Ledger.readFile(rs);
                        Map<RowState, Integer> counts = new EnumMap<>(RowState.class);
                        for (RowState s : RowState.values()) {
                            counts.put(s, file.purgedAt() != null
                                    ? rs.getInt(Retention.KEPT_COLUMNS.get(s))
                                    : rs.getInt("live_" + s.name().toLowerCase(Locale.ROOT)));
                        }
                        files.add(new FileCounts(file, counts));
                    }
                }
                return files;
            }
        });
    }

    /**
     * The agency clerks' portal (docs/portal.md): the latest {@code limit} files of one agency with their
     * row counts, newest first; the agency is in the statement's WHERE, so no other agency's file is read.
     */
    public List<FileCounts> latestFilesOf(String agencyId, int limit) {
        return filesWith("list an agency's files", "f.agency_id = ?", ps -> {
            ps.setString(1, agencyId);
            ps.setInt(2, Math.max(0, limit));
        }, " LIMIT ?");
    }

    /** One file with its row counts, only when it is {@code agencyId}'s: empty for another agency's id. */
    public Optional<FileCounts> fileOf(String agencyId, long fileId) {
        return filesWith("read an agency's file", "f.agency_id = ? AND f.id = ?", ps -> {
            ps.setString(1, agencyId);
            ps.setLong(2, fileId);
        }, "").stream().findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws java.sql.SQLException;
    }

    private List<FileCounts> filesWith(String operation, String where, Binder binder, String tail) {
        StringBuilder live = new StringBuilder();
        for (RowState s : RowState.values()) {
            live.append(", SUM(CASE WHEN r.state = '").append(s.name()).append("' THEN 1 ELSE 0 END) AS live_")
                    .append(s.name().toLowerCase(Locale.ROOT));
        }
        String columnsOfF = String.join(", ", Arrays.stream(LISTED_FILE_COLUMNS.split(", ")).map(c -> "f." + c)
                .toList());
        String sql = "SELECT " + columnsOfF + live + " FROM agency_file f"
                + " LEFT JOIN file_row r ON r.file_id = f.id AND f.purged_at IS NULL"
                + " WHERE " + where + " GROUP BY " + columnsOfF + " ORDER BY f.received_at DESC, f.id DESC" + tail;
        return jdbc.call(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<FileCounts> files = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileInfo file = Ledger.readFile(rs);
                        Map<RowState, Integer> counts = new EnumMap<>(RowState.class);
                        for (RowState s : RowState.values()) {
                            counts.put(s, file.purgedAt() != null
                                    ? rs.getInt(Retention.KEPT_COLUMNS.get(s))
                                    : rs.getInt("live_" + s.name().toLowerCase(Locale.ROOT)));
                        }
                        files.add(new FileCounts(file, counts));
                    }
                }
                return files;
            }
        });
    }

    /** Each agency's files ranked newest first, the first {@code ?} kept, with their rows counted per state. */
    private static String latestFilesPerAgencySql() {
        StringBuilder live = new StringBuilder();
        for (RowState s : RowState.values()) {
            live.append(", SUM(CASE WHEN r.state = '").append(s.name()).append("' THEN 1 ELSE 0 END) AS live_")
                    .append(s.name().toLowerCase(Locale.ROOT));
        }
        String columnsOfF = String.join(", ", Arrays.stream(LISTED_FILE_COLUMNS.split(", ")).map(c -> "f." + c)
                .toList());
        return "SELECT " + columnsOfF + live + " FROM (SELECT " + LISTED_FILE_COLUMNS
                + ", ROW_NUMBER() OVER (PARTITION BY agency_id ORDER BY received_at DESC, id DESC) AS recency"
                + " FROM agency_file) f"
                // Only the rows of the files listed, and none of a purged file: its counts are kept on it.
                + " LEFT JOIN file_row r ON r.file_id = f.id AND f.purged_at IS NULL"
                + " WHERE f.recency <= ? GROUP BY " + columnsOfF + " ORDER BY f.received_at DESC, f.id DESC";
    }

    /** Rows of one file in the given states, in row order, at most {@code limit}. */
    public List<LedgerRow> rows(long fileId, List<RowState> states, int limit) {
        String marks = String.join(", ", states.stream().map(s -> "?").toList());
        return jdbc.call("list rows of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT file_id, row_no, nik_enc, name, state, reasons,"
                    + " idempotency_key, kpj, last_error FROM file_row WHERE file_id = ? AND state IN (" + marks
                    + ") ORDER BY row_no LIMIT ?")) {
                int i = 1;
                ps.setLong(i++, fileId);
                for (RowState s : states) {
                    ps.setString(i++, s.name());
                }
                ps.setInt(i, Math.max(0, limit));
                List<LedgerRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rowNo = rs.getInt("row_no");
                        rows.add(new LedgerRow(rs.getLong("file_id"), rowNo,
                                pii.decrypt(rs.getString("nik_enc"), CipherContext.rowNik(rs.getLong("file_id"), rowNo)),
                                rs.getString("name"), RowState.valueOf(rs.getString("state")),
                                RejectionsJson.read(rs.getString("reasons")), rs.getString("idempotency_key"),
                                rs.getString("kpj"), rs.getString("last_error")));
                    }
                }
                return rows;
            }
        });
    }

    /** Stores each row's job item (row number to JSON) for a later replay. */
    public void storeItems(long fileId, Map<Integer, String> itemJsonByRow) {
        if (itemJsonByRow.isEmpty()) {
            return;
        }
        jdbc.inTransaction("store job items of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE file_row SET request_json = ? WHERE file_id = ? AND row_no = ?")) {
                for (Map.Entry<Integer, String> e : itemJsonByRow.entrySet()) {
                    // The job item is the request to BPJS: NIK, name, birth date.
                    ps.setString(1, pii.encryptText(e.getValue(), CipherContext.rowRequest(fileId, e.getKey())));
                    ps.setLong(2, fileId);
                    ps.setInt(3, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The parked rows of a file with their stored job items, in row order. */
    public List<StoredItem> parkedItems(long fileId) {
        return jdbc.call("read parked items of file " + fileId, c -> {
            // Enrollment rows only (action NULL): a parked change row (AKSI) keeps its job item in
            // change_json instead, read by parkedChangeItems.
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no, request_json FROM file_row"
                    + " WHERE file_id = ? AND state = 'PARKED' AND action IS NULL ORDER BY row_no")) {
                ps.setLong(1, fileId);
                List<StoredItem> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rowNo = rs.getInt("row_no");
                        items.add(new StoredItem(rowNo,
                                pii.decryptText(rs.getString("request_json"), CipherContext.rowRequest(fileId, rowNo))));
                    }
                }
                return items;
            }
        });
    }

    /**
     * The parked change rows (AKSI BERHENTI, KOREKSI, PINDAH) of a file with the job items stored at
     * intake (file_row.change_json, decrypted), in row order; an item is null for a row that has none.
     */
    public List<StoredItem> parkedChangeItems(long fileId) {
        return jdbc.call("read parked change items of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no, change_json FROM file_row"
                    + " WHERE file_id = ? AND state = 'PARKED' AND action IS NOT NULL ORDER BY row_no")) {
                ps.setLong(1, fileId);
                List<StoredItem> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rowNo = rs.getInt("row_no");
                        String stored = rs.getString("change_json");
                        items.add(new StoredItem(rowNo, stored == null ? null
                                : pii.decryptText(stored, CipherContext.rowChange(fileId, rowNo))));
                    }
                }
                return items;
            }
        });
    }

    /** Ids of the files that have parked rows, oldest first. */
    public List<Long> filesWithParkedRows() {
        return jdbc.call("list files with parked rows", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT file_id FROM file_row WHERE state = 'PARKED' ORDER BY file_id");
                 ResultSet rs = ps.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                return ids;
            }
        });
    }

    /** Claims received, latest first. */
    public List<ClaimSummary> latestClaims(int limit) {
        return jdbc.call("list latest claims", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT claim_id, claim_type, kpj, amount, agency_id,"
                    + " received_at, published_at FROM claim ORDER BY received_at DESC, claim_id LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                List<ClaimSummary> claims = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new ClaimSummary(rs.getString("claim_id"), rs.getString("claim_type"),
                                rs.getString("kpj"), rs.getLong("amount"), rs.getString("agency_id"),
                                DbTime.get(rs, "received_at"), DbTime.get(rs, "published_at")));
                    }
                }
                return claims;
            }
        });
    }

    public PurgedFiles purgedFiles() {
        return jdbc.call("count purged files", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS n, MAX(purged_at) AS latest"
                    + " FROM agency_file WHERE purged_at IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PurgedFiles(rs.getLong("n"), DbTime.get(rs, "latest"));
            }
        });
    }

    /** Claims recorded with their message and not yet on the finance or review queue (the claim outbox). */
    public int claimsWaitingInOutbox() {
        return jdbc.call("count claims waiting in the outbox", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM claim WHERE published_at IS NULL AND message IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** True when the database answers a trivial query within the timeout. */
    public boolean databaseUp(int timeoutSeconds) {
        try {
            return jdbc.call("check database", c -> c.isValid(timeoutSeconds));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
