package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Retention of personal data (issue 8, UU 27/2022): the rows of a file that finished (DONE, FAILED or
 * DUPLICATE) before a cutoff are deleted, and the file keeps its count of rows per state.
 *
 * <p>A file is purged in two steps. One transaction takes it (a conditional UPDATE sets
 * {@code purged_at}, so of several gateway processes exactly one does), stores its counts and copies
 * the declared income of its enrolled rows into {@code worker}; from then on the ledger reports the
 * kept counts for it. Its rows are then deleted {@code batchRows} at a time, each batch its own
 * transaction; rows a crash left behind are deleted by the next run. The worker register is kept:
 * claims and statements need it, it is the city's membership list rather than a copy of the file.
 *
 * <p>A file counts as finished when its report was written (DONE) or, for FAILED and DUPLICATE files,
 * which end within minutes of arriving, when it was received.
 */
public final class Retention {

    /** What one run did. {@code files}: files this process took; {@code rows}: rows it deleted. */
    public record Result(Instant cutoff, int files, long rows) {
    }

    /** The column of agency_file that keeps each state's count once the file's rows are purged. */
    static final Map<RowState, String> KEPT_COLUMNS = new EnumMap<>(Map.of(
            RowState.REJECTED, "rejected_rows",
            RowState.PENDING, "pending_rows",
            RowState.ENROLLED, "enrolled_rows",
            RowState.REFUSED, "refused_rows",
            RowState.PARKED, "parked_rows",
            RowState.APPLIED, "applied_rows",
            RowState.WAITLISTED, "waitlisted_rows",
            RowState.REVIEW, "review_rows",
            RowState.OTHER_PAYER, "other_payer_rows"));

    // A file with rows on the budget's waitlist or in review is not finished: those rows are still to be
    // sent or decided (V18, V27).
    private static final String FINISHED_BEFORE = "state IN ('DONE', 'FAILED', 'DUPLICATE')"
            + " AND COALESCE(reported_at, received_at) < ?"
            + " AND NOT EXISTS (SELECT 1 FROM file_row w WHERE w.file_id = agency_file.id AND w.state IN ('WAITLISTED', 'REVIEW'))";

    private final Jdbc jdbc;
    private final Clock clock;

    public Retention(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Purges every file that finished before {@code cutoff} and is not purged yet. */
    public Result purgeFinishedBefore(Instant cutoff, int batchRows) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, not " + batchRows);
        }
        int files = 0;
        for (long id : due(cutoff)) {
            if (take(id, cutoff)) {
                files++;
            }
        }
        long rows = 0;
        for (long id : purgedWithRowsLeft()) {
            rows += deleteRows(id, batchRows);
        }
        return new Result(cutoff, files, rows);
    }

    /**
     * True while the ledger holds a file of this agency by this name that is not purged yet: the file's
     * archived copy stays at least as long as its rows, whatever its modification time says.
     */
    public boolean holdsRowsOf(String agencyId, String fileName) {
        return jdbc.call("look up unpurged file", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM agency_file WHERE agency_id = ?"
                    + " AND file_name = ? AND purged_at IS NULL LIMIT 1")) {
                ps.setString(1, agencyId);
                ps.setString(2, fileName);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private List<Long> due(Instant cutoff) {
        return jdbc.call("list files due for purge", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM agency_file WHERE purged_at IS NULL AND "
                    + FINISHED_BEFORE + " ORDER BY id")) {
                DbTime.set(ps, 1, cutoff);
                return ids(ps);
            }
        });
    }

    /** Takes the file for this process and keeps its counts; false when it is not (or no longer) due. */
    private boolean take(long fileId, Instant cutoff) {
        return jdbc.inTransaction("purge file " + fileId, c -> {
            // First, and alone: this row lock is what a replay waits on (Ledger.resetParkedToPending),
            // and a second process finds purged_at set once it gets the lock.
            try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET purged_at = ? WHERE id = ?"
                    + " AND purged_at IS NULL AND " + FINISHED_BEFORE)) {
                DbTime.set(ps, 1, clock.instant());
                ps.setLong(2, fileId);
                DbTime.set(ps, 3, cutoff);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            Map<RowState, Integer> counts = countRows(c, fileId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET "
                    + String.join(", ", KEPT_COLUMNS.values().stream().map(column -> column + " = ?").toList())
                    + " WHERE id = ?")) {
                int i = 1;
                for (RowState state : KEPT_COLUMNS.keySet()) {
                    ps.setInt(i++, counts.get(state));
                }
                ps.setLong(i, fileId);
                ps.executeUpdate();
            }
            // Statements read a worker's declared income from the row that enrolled it.
            try (PreparedStatement ps = c.prepareStatement("UPDATE worker SET monthly_income = (SELECT r.monthly_income"
                    + " FROM file_row r WHERE r.file_id = worker.file_id AND r.row_no = worker.row_no)"
                    + " WHERE file_id = ? AND monthly_income IS NULL")) {
                ps.setLong(1, fileId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** The file's rows per state as they are in file_row now; every state present, 0 when it has none. */
    static Map<RowState, Integer> countRows(Connection c, long fileId) throws SQLException {
        Map<RowState, Integer> counts = new EnumMap<>(RowState.class);
        for (RowState s : RowState.values()) {
            counts.put(s, 0);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, COUNT(*) AS n FROM file_row WHERE file_id = ? GROUP BY state")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(RowState.valueOf(rs.getString("state")), rs.getInt("n"));
                }
            }
        }
        return counts;
    }

    private List<Long> purgedWithRowsLeft() {
        return jdbc.call("list purged files with rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.id FROM agency_file f WHERE f.purged_at IS NOT NULL"
                    + " AND EXISTS (SELECT 1 FROM file_row r WHERE r.file_id = f.id) ORDER BY f.id")) {
                return ids(ps);
            }
        });
    }

    /**
     * Deletes the rows of a purged file, a batch per statement (auto-commit: each its own transaction).
     * Stops at the first batch that deletes nothing: the file is empty, or another process is deleting
     * the same batch and will go on.
     */
    private long deleteRows(long fileId, int batchRows) {
        return jdbc.call("delete rows of purged file " + fileId, c -> {
            long deleted = 0;
            // The archived report versions (V29) go with the rows (without them no report
            // can be written), before them: a run cut off after this finds the rows left and ends the job.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM report_archive WHERE file_id = ?"
                    + " AND EXISTS (SELECT 1 FROM agency_file f WHERE f.id = ? AND f.purged_at IS NOT NULL)")) {
                ps.setLong(1, fileId);
                ps.setLong(2, fileId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_row WHERE file_id = ? AND row_no IN"
                    + " (SELECT row_no FROM file_row WHERE file_id = ? ORDER BY row_no LIMIT ?)"
                    + " AND EXISTS (SELECT 1 FROM agency_file f WHERE f.id = ? AND f.purged_at IS NOT NULL)")) {
                ps.setLong(1, fileId);
                ps.setLong(2, fileId);
                ps.setInt(3, batchRows);
                ps.setLong(4, fileId);
                int n;
                do {
                    n = ps.executeUpdate();
                    deleted += n;
                } while (n > 0);
            }
            return deleted;
        });
    }

    private static List<Long> ids(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The counts kept on the file once it is purged; empty while it is not (or does not exist). */
    static Optional<Map<RowState, Integer>> keptCounts(Connection c, long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT purged_at, "
                + String.join(", ", KEPT_COLUMNS.values()) + " FROM agency_file WHERE id = ?")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || DbTime.get(rs, "purged_at") == null) {
                    return Optional.empty();
                }
                Map<RowState, Integer> counts = new EnumMap<>(RowState.class);
                for (Map.Entry<RowState, String> e : KEPT_COLUMNS.entrySet()) {
                    counts.put(e.getKey(), rs.getInt(e.getValue()));
                }
                return Optional.of(counts);
            }
        }
    }

    /** SQL summing one kept count over every purged file, as (state, n), for whole-ledger totals. */
    static String keptTotals() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<RowState, String> e : KEPT_COLUMNS.entrySet()) {
            parts.add("SELECT '" + e.getKey().name() + "' AS state, SUM(" + e.getValue()
                    + ") AS n FROM agency_file WHERE purged_at IS NOT NULL");
        }
        return String.join(" UNION ALL ", parts);
    }
}
