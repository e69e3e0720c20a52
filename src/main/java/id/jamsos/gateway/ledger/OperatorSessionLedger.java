package id.jamsos.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Operator sessions in the ledger (table {@code operator_session}, V13), so that every gateway process
 * on this ledger knows every session: a login on one replica works on the others, and a logout on one
 * ends the session on all of them. Kubernetes spreads an operator's requests over the replicas; a
 * session in one process's memory failed on the other half of them.
 *
 * <p>Only the SHA-256 of a session id is written, never the id: a copy of the table, a backup or a
 * database login opens no session. A session ends when it was not used for {@code idle}, and after
 * {@code lifetime} whatever happens. Both are measured on {@link LedgerTime} (the database's clock,
 * in the statements themselves, in production), so replicas with skewed clocks agree. Expired rows are
 * deleted at most once a minute by whichever call comes first; at most {@code max} sessions are kept,
 * the oldest dropped first.
 *
 * <p>Whether a session is live is decided by one statement: the read that finds it, or, when its idle
 * end moves, the UPDATE whose WHERE finds it still live (its row count is the answer). A logout or an
 * expiry between the two is seen; the session is never touched back to life.
 */
public final class OperatorSessionLedger {

    /** Expired rows are deleted at most this often, by whichever call comes first. */
    static final Duration CLEAN_EVERY = Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final Duration idle;
    private final Duration lifetime;
    private final int max;
    private final LedgerTime time;
    /**
     * A used session's idle end is written only when it moves by at least this much: the status page's
     * requests do not each cost a write, and the session ends at most this much early.
     */
    private final Duration touchEvery;
    private final Housekeeping housekeeping;

    public OperatorSessionLedger(DataSource dataSource, Duration idle, Duration lifetime, int max, LedgerTime time) {
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
        // idle_until is never later than expires_at: one comparison finds every ended session.
        this.housekeeping = new Housekeeping(CLEAN_EVERY, time, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_session WHERE idle_until <= "
                    + time.sql())) {
                ps.executeUpdate();
            }
        });
    }

    /** Stores a new session under the digest of {@code id}. */
    public void open(String id) {
        String key = key(Objects.requireNonNull(id, "id"));
        jdbc.call("open operator session", c -> {
            housekeeping.maybeClean(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_session "
                    + "(session_key, created_at, idle_until, expires_at) VALUES (?, " + time.sql() + ", "
                    + time.sqlPlus(idle.toSeconds()) + ", " + time.sqlPlus(lifetime.toSeconds()) + ")")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            // Logins need the secret, so this only bounds what a careless script that logs in again
            // and again leaves behind.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_session WHERE session_key IN "
                    + "(SELECT session_key FROM operator_session ORDER BY created_at DESC, session_key OFFSET ?)")) {
                ps.setInt(1, max);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * True when a session of that id is stored and has neither been idle too long nor outlived its
     * lifetime; its idle time starts again (the session is in use). One read while the idle end need
     * not move; when it must, the conditional UPDATE alone decides.
     */
    public boolean use(String id) {
        if (id == null) {
            return false;
        }
        String key = key(id);
        String live = "session_key = ? AND idle_until > " + time.sql() + " AND expires_at > " + time.sql();
        String nextIdleEnd = "LEAST(" + time.sqlPlus(idle.toSeconds()) + ", expires_at)";
        return jdbc.call("check operator session", c -> {
            housekeeping.maybeClean(c);
            boolean touch;
            try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN idle_until <= " + nextIdleEnd
                    + " - INTERVAL '" + touchEvery.toSeconds() + "' SECOND THEN 1 ELSE 0 END "
                    + "FROM operator_session WHERE " + live)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    touch = rs.getInt(1) == 1;
                }
            }
            if (!touch) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator_session SET idle_until = " + nextIdleEnd
                    + " WHERE " + live)) {
                ps.setString(1, key);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Logout: the session is gone for every replica, whoever holds a copy of its cookie. */
    public void close(String id) {
        if (id == null) {
            return;
        }
        String key = key(id);
        jdbc.call("close operator session", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_session WHERE session_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Sessions stored now, expired or not: for tests. */
    public int size() {
        return jdbc.call("count operator sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operator_session");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The session's absolute lifetime: the cookie's Max-Age. */
    public Duration lifetime() {
        return lifetime;
    }

    /** What is stored for a session id: its SHA-256, base64url without padding (43 characters). */
    public static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
