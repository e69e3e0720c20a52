package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What each version of a file's reports said (V29, table report_archive), for the clerks' portal to offer
 * earlier versions again and for the next version's note to list the rows that changed. The archived rows
 * are the report writer's own encoding (report.ReportWriter), without NIK or name. Reached through
 * {@link ReportLedger#archive()}.
 */
public final class ReportArchive {

    /** One archived version, without its rows. */
    public record Kept(int version, String counts, String note, Instant writtenAt) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    ReportArchive(Jdbc jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the version is kept already: a report round written again (stale-reports) keeps it once. */
    public boolean has(long fileId, int version) {
        return jdbc.call("look up archived reports of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM report_archive WHERE file_id = ? AND version = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Keeps a version unless it is kept already (two processes finishing the same round keep one). */
    public void keep(long fileId, int version, String counts, String note, byte[] rowsGz) {
        jdbc.call("archive reports of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_archive (file_id, version, counts, note,"
                    + " rows_gz, written_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM report_archive WHERE file_id = ? AND version = ?)")) {
                ps.setLong(1, fileId);
                ps.setInt(2, version);
                ps.setString(3, counts);
                ps.setString(4, note == null ? null : note.length() <= 60_000 ? note : note.substring(0, 60_000));
                ps.setBytes(5, rowsGz);
                DbTime.set(ps, 6, clock.instant());
                ps.setLong(7, fileId);
                ps.setInt(8, version);
                ps.executeUpdate();
            } catch (java.sql.SQLException e) {
                // The other process won the race between the check and the insert: its copy stands.
                if (!Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** The file's kept versions, the latest first. */
    public List<Kept> versions(long fileId) {
        return jdbc.call("list archived reports of file " + fileId, c -> {
            List<Kept> kept = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, counts, note, written_at FROM report_archive"
                    + " WHERE file_id = ? ORDER BY version DESC")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        kept.add(new Kept(rs.getInt(1), rs.getString(2), rs.getString(3), DbTime.get(rs, "written_at")));
                    }
                }
            }
            return kept;
        });
    }

    /** The archived rows of a version (the writer's gzip), empty when that version was not kept. */
    public Optional<byte[]> rows(long fileId, int version) {
        return jdbc.call("read archived reports of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rows_gz FROM report_archive WHERE file_id = ? AND version = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }
}
