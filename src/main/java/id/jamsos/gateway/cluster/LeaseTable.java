package id.jamsos.gateway.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The cluster_lease table. Each statement is atomic, so two processes can never both hold a lease,
 * and each reads the time from the database ({@link #DATABASE_NOW_MS}), one clock for every
 * process: a gateway whose clock runs ahead cannot take a lease that has not run out, and one whose
 * clock runs behind cannot keep one that has.
 */
final class LeaseTable implements LeaseStore {

    /**
     * The database's now in epoch milliseconds, on H2 and PostgreSQL alike. {@code expires_ms} holds
     * the same kind of number it held when each process wrote its own clock's (V2), so the table
     * needs no migration; within one statement CURRENT_TIMESTAMP is one instant.
     */
    static final String DATABASE_NOW_MS = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

    private final DataSource dataSource;

    LeaseTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean acquire(String namespace, String owner, long leaseMs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE cluster_lease SET owner_id = ?, expires_ms = "
                    + DATABASE_NOW_MS + " + ? WHERE namespace = ? AND (owner_id = ? OR expires_ms < " + DATABASE_NOW_MS + ")")) {
                ps.setString(1, owner);
                ps.setLong(2, leaseMs);
                ps.setString(3, namespace);
                ps.setString(4, owner);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            // No row yet (first start), or someone else's live lease: the primary key decides.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_lease (namespace, owner_id, expires_ms)"
                    + " VALUES (?, ?, " + DATABASE_NOW_MS + " + ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, namespace);
                ps.setString(2, owner);
                ps.setLong(3, leaseMs);
                return ps.executeUpdate() == 1;
            }
        }
    }

    @Override
    public void release(String namespace, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE cluster_lease SET expires_ms = 0 WHERE namespace = ? AND owner_id = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, namespace);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<String> holder(String namespace) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT owner_id FROM cluster_lease WHERE namespace = ? AND expires_ms >= " + DATABASE_NOW_MS)) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
