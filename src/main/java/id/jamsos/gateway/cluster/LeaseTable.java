package id.jamsos.gateway.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The cluster_lease table: each statement is atomic, so two processes can never both hold a lease. */
final class LeaseTable {

    private final DataSource dataSource;

    LeaseTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes or renews the lease when it is ours or has expired; true when we hold it now. */
    boolean acquire(String namespace, String owner, long nowMs, long leaseMs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cluster_lease SET owner_id = ?, expires_ms = ? WHERE namespace = ? AND (owner_id = ? OR expires_ms < ?)")) {
                ps.setString(1, owner);
                ps.setLong(2, nowMs + leaseMs);
                ps.setString(3, namespace);
                ps.setString(4, owner);
                ps.setLong(5, nowMs);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            // No row yet (first start), or someone else's live lease: the primary key decides.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cluster_lease (namespace, owner_id, expires_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, namespace);
                ps.setString(2, owner);
                ps.setLong(3, nowMs + leaseMs);
                return ps.executeUpdate() == 1;
            }
        }
    }

    /** Gives the lease up at once, so another process need not wait for it to expire. */
    void release(String namespace, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE cluster_lease SET expires_ms = 0 WHERE namespace = ? AND owner_id = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, namespace);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    /** The current holder, if its lease is live. */
    Optional<String> holder(String namespace, long nowMs) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT owner_id FROM cluster_lease WHERE namespace = ? AND expires_ms >= ?")) {
            ps.setString(1, namespace);
            ps.setLong(2, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
