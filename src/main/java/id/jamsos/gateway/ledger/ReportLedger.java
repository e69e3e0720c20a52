package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the reports need beside the rows (V26): the warnings validation gave a file, and the version of
 * its reports. The reports are written later than the file is read, by whichever process finds the file
 * decided, so both live in the ledger rather than in memory. Reached through {@link Ledger#reports()}.
 */
public final class ReportLedger {

    /** The row_no of a warning about the whole file. */
    public static final int FILE_LEVEL = 0;

    /**
     * The version the reports are written as now.
     *
     * @param version        1 for the first reports of the file
     * @param previousCounts the counts the version before said, null for version 1
     */
    public record Version(int version, String counts, String previousCounts) {

        public boolean first() {
            return version == 1;
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    ReportLedger(Jdbc jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Keeps the warnings of rows of a file, row number to its warnings. A warning already kept (a resumed
     * intake reading the row again gives the same ones, in the same order) is not kept twice.
     */
    public void recordRowWarnings(long fileId, Map<Integer, List<String>> byRow) {
        if (byRow.isEmpty()) {
            return;
        }
        jdbc.inTransaction("record row warnings of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_warning (file_id, row_no, seq, text)"
                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM file_warning WHERE file_id = ? AND row_no = ?"
                    + " AND seq = ?)")) {
                for (Map.Entry<Integer, List<String>> e : byRow.entrySet()) {
                    int seq = 0;
                    for (String text : e.getValue()) {
                        ps.setLong(1, fileId);
                        ps.setInt(2, e.getKey());
                        ps.setInt(3, seq++);
                        ps.setString(4, cut(text));
                        ps.setLong(5, fileId);
                        ps.setInt(6, e.getKey());
                        ps.setInt(7, seq - 1);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Keeps the file-level warnings, replacing any kept before (an intake that resumed says them again). */
    public void recordFileWarnings(long fileId, List<String> warnings) {
        jdbc.inTransaction("record warnings of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_warning WHERE file_id = ? AND row_no = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, FILE_LEVEL);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO file_warning (file_id, row_no, seq, text) VALUES (?, ?, ?, ?)")) {
                int seq = 0;
                for (String text : warnings) {
                    ps.setLong(1, fileId);
                    ps.setInt(2, FILE_LEVEL);
                    ps.setInt(3, seq++);
                    ps.setString(4, cut(text));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The warnings about the whole file, in the order validation gave them. */
    public List<String> fileWarnings(long fileId) {
        return jdbc.call("read warnings of file " + fileId, c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT text FROM file_warning WHERE file_id = ? AND row_no = ? ORDER BY seq")) {
                ps.setLong(1, fileId);
                ps.setInt(2, FILE_LEVEL);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
    }

    /**
     * The rows' warnings, each row's joined with "; ". Read once before the rows stream, as the
     * re-enrollments are: few rows have one, and the texts are the validator's few constants, held once
     * each however many rows share them.
     */
    public Map<Integer, String> rowWarnings(long fileId) {
        return jdbc.call("read row warnings of file " + fileId, c -> {
            Map<Integer, String> found = new HashMap<>();
            Map<String, String> same = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no, text FROM file_warning"
                    + " WHERE file_id = ? AND row_no <> ? ORDER BY row_no, seq")) {
                ps.setLong(1, fileId);
                ps.setInt(2, FILE_LEVEL);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String text = same.computeIfAbsent(rs.getString(2), t -> t);
                        found.merge(rs.getInt(1), text, (a, b) -> same.computeIfAbsent(a + "; " + b, t -> t));
                    }
                }
            }
            return found;
        });
    }

    /**
     * The version the file's reports are written as now, given the counts they say: the first time 1;
     * then the same version while the counts are the same (a rewrite of an unfinished upload), the next
     * one when they changed (a replay or a correction decided rows again). One conditional statement
     * per case, so two processes writing the same file's reports agree on the number.
     */
    public Version version(long fileId, String counts) {
        return jdbc.inTransaction("version reports of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, counts, previous_counts FROM report_version"
                    + " WHERE file_id = ? FOR UPDATE")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        int version = rs.getInt(1);
                        String before = rs.getString(2);
                        if (before.equals(counts)) {
                            return new Version(version, counts, rs.getString(3));
                        }
                        try (PreparedStatement up = c.prepareStatement("UPDATE report_version SET version = ?,"
                                + " counts = ?, previous_counts = ?, written_at = ? WHERE file_id = ?")) {
                            up.setInt(1, version + 1);
                            up.setString(2, counts);
                            up.setString(3, before);
                            DbTime.set(up, 4, clock.instant());
                            up.setLong(5, fileId);
                            up.executeUpdate();
                        }
                        return new Version(version + 1, counts, before);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_version (file_id, version, counts,"
                    + " previous_counts, written_at) VALUES (?, 1, ?, NULL, ?)")) {
                ps.setLong(1, fileId);
                ps.setString(2, counts);
                DbTime.set(ps, 3, clock.instant());
                ps.executeUpdate();
            }
            return new Version(1, counts, null);
        });
    }

    /** What each version of a file's reports said (V29): earlier versions for the portal, rows for the next note. */
    public ReportArchive archive() {
        return new ReportArchive(jdbc, clock);
    }

    /** The version of the file's reports the agency has last been sent; 0 before the first. */
    public int currentVersion(long fileId) {
        return jdbc.call("read report version of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM report_version WHERE file_id = ?")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    private static String cut(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
