package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The agency clerks' portal sessions in the ledger (table {@code portal_session}, V25): what
 * {@link OperatorSessionLedger} is for operators, with the agency and the clerk a session was opened for.
 * Every replica on this ledger knows every session, a logout on one ends it on all, a restart logs
 * nobody out. Only the SHA-256 of a session id is written ({@link OperatorSessionLedger#key}); a
 * session ends when idle for {@code idle} and after {@code lifetime} whatever happens, both on
 * {@link LedgerTime} (the database's clock in production). At most {@code max} sessions are kept, the
 * oldest dropped first.
 */
public final class PortalSessionLedger {

    /**
     * Who a live session belongs to, and the fingerprint of the password hash it was opened with (null for a
     * session opened before V28): a session whose fingerprint is not the clerk's current hash's is over.
     */
    public record Owner(String agencyId, String username, String passwordFingerprint) {
    }

    static final Duration CLEAN_EVERY = Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final Duration idle;
    private final Duration lifetime;
    private final int max;
    private final LedgerTime time;
    /** The idle end is written only when it moves by this much: a page view does not always cost a write. */
    private final Duration touchEvery;
    private final Housekeeping housekeeping;

    public PortalSessionLedger(DataSource dataSource, Duration idle, Duration lifetime, int max, LedgerTime time) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        if (idle.toSeconds() <= 0 || lifetime.toSeconds() <= 0) {
            throw new IllegalArgumentException("a session's idle time and lifetime must be at least a second");
        }
        this.idle = idle.compareTo(lifetime) > 0 ? lifetime : idle;
        this.lifetime = lifetime;
        this.max = max;
        this.time = Objects.requireNonNull(time, "time");
        Duration quarter = this.idle.dividedBy(4);
        this.touchEvery = quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
        this.housekeeping = new Housekeeping(CLEAN_EVERY, time, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_session WHERE idle_until <= "
                    + time.sql())) {
                ps.executeUpdate();
            }
        });
    }

    /**
     * Stores a new session of {@code agencyId}'s clerk {@code username} under the digest of {@code id}, with
     * the fingerprint of the password hash the clerk logged in with.
     */
    public void open(String id, String agencyId, String username, String passwordFingerprint) {
        String key = OperatorSessionLedger.key(Objects.requireNonNull(id, "id"));
        jdbc.call("open portal session", c -> {
            housekeeping.maybeClean(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_session (session_key, agency_id,"
                    + " username, password_fingerprint, created_at, idle_until, expires_at) VALUES (?, ?, ?, ?, " + time.sql() + ", "
                    + time.sqlPlus(idle.toSeconds()) + ", " + time.sqlPlus(lifetime.toSeconds()) + ")")) {
                ps.setString(1, key);
                ps.setString(2, agencyId);
                ps.setString(3, username);
                ps.setString(4, passwordFingerprint);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_session WHERE session_key IN "
                    + "(SELECT session_key FROM portal_session ORDER BY created_at DESC, session_key OFFSET ?)")) {
                ps.setInt(1, max);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The owner of the live session of that id, its idle time started again; empty when there is none
     * (unknown, idle too long, past its lifetime, logged out). As {@link OperatorSessionLedger#use}: one
     * read while the idle end need not move, else the conditional UPDATE decides.
     */
    public Optional<Owner> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String key = OperatorSessionLedger.key(id);
        String live = "session_key = ? AND idle_until > " + time.sql() + " AND expires_at > " + time.sql();
        String nextIdleEnd = "LEAST(" + time.sqlPlus(idle.toSeconds()) + ", expires_at)";
        return jdbc.call("check portal session", c -> {
            housekeeping.maybeClean(c);
            Owner owner;
            boolean touch;
            try (PreparedStatement ps = c.prepareStatement("SELECT agency_id, username, password_fingerprint, CASE WHEN idle_until <= "
                    + nextIdleEnd + " - INTERVAL '" + touchEvery.toSeconds() + "' SECOND THEN 1 ELSE 0 END "
                    + "FROM portal_session WHERE " + live)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    owner = new Owner(rs.getString(1), rs.getString(2), rs.getString(3));
                    touch = rs.getInt(4) == 1;
                }
            }
            if (!touch) {
                return Optional.of(owner);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE portal_session SET idle_until = " + nextIdleEnd
                    + " WHERE " + live)) {
                ps.setString(1, key);
                return ps.executeUpdate() == 1 ? Optional.of(owner) : Optional.empty();
            }
        });
    }

    /** Logout: the session is gone for every replica. */
    public void close(String id) {
        if (id == null) {
            return;
        }
        String key = OperatorSessionLedger.key(id);
        jdbc.call("close portal session", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_session WHERE session_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Sessions stored now, expired or not: for tests. */
    public int size() {
        return jdbc.call("count portal sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM portal_session");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    public Duration lifetime() {
        return lifetime;
    }
}
