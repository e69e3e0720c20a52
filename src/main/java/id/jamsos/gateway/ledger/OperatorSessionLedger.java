package id.jamsos.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Operator sessions in the ledger (table {@code operator_session}, V13), so that every gateway process
 * on this ledger knows every session: a login on one replica works on the others, and a logout on one
 * ends the session on all of them. Kubernetes spreads an operator's requests over the replicas; a
 * session in one process's memory failed on the other half of them.
 *
 * <p>Only the SHA-256 of a session id is written, never the id: a copy of the table, a backup or a
 * database login opens no session. A session ends when it was not used for {@code idle}, and after
 * {@code lifetime} whatever happens. Both are measured on {@link LedgerTime} (the database's clock in
 * production), so replicas with skewed clocks agree. Expired rows are deleted at most once a minute by
 * whichever call comes first; at most {@code max} sessions are kept, the oldest dropped first.
 */
public final class OperatorSessionLedger {

    /** Expired rows are deleted at most this often (seconds), by whichever call comes first. */
    static final long CLEAN_EVERY_SECONDS = 60;

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
    private final AtomicLong lastCleaned = new AtomicLong(Long.MIN_VALUE);

    public OperatorSessionLedger(DataSource dataSource, Duration idle, Duration lifetime, int max, LedgerTime time) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        if (idle.isNegative() || idle.isZero() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session's idle time and lifetime must be positive");
        }
        this.idle = idle.compareTo(lifetime) > 0 ? lifetime : idle;
        this.lifetime = lifetime;
        this.max = max;
        this.time = Objects.requireNonNull(time, "time");
        Duration quarter = this.idle.dividedBy(4);
        this.touchEvery = quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
    }

    /** Stores a new session under the digest of {@code id}. */
    public void open(String id) {
        String key = key(Objects.requireNonNull(id, "id"));
        jdbc.call("open operator session", c -> {
            Instant now = time.now(c);
            clean(c, now);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_session "
                    + "(session_key, created_at, idle_until, expires_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, key);
                DbTime.set(ps, 2, now);
                DbTime.set(ps, 3, now.plus(idle));
                DbTime.set(ps, 4, now.plus(lifetime));
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
     * lifetime; its idle time starts again (the session is in use).
     */
    public boolean use(String id) {
        if (id == null) {
            return false;
        }
        String key = key(id);
        return jdbc.call("check operator session", c -> {
            Instant now = time.now(c);
            clean(c, now);
            Instant idleUntil;
            Instant expiresAt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT idle_until, expires_at FROM operator_session WHERE session_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    idleUntil = DbTime.get(rs, "idle_until");
                    expiresAt = DbTime.get(rs, "expires_at");
                }
            }
            if (!now.isBefore(idleUntil) || !now.isBefore(expiresAt)) {
                delete(c, key);
                return false;
            }
            Instant next = now.plus(idle).isAfter(expiresAt) ? expiresAt : now.plus(idle);
            if (Duration.between(idleUntil, next).compareTo(touchEvery) >= 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE operator_session SET idle_until = ? WHERE session_key = ?")) {
                    DbTime.set(ps, 1, next);
                    ps.setString(2, key);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    /** Logout: the session is gone for every replica, whoever holds a copy of its cookie. */
    public void close(String id) {
        if (id == null) {
            return;
        }
        String key = key(id);
        jdbc.call("close operator session", c -> {
            delete(c, key);
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

    private static void delete(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_session WHERE session_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    private void clean(Connection c, Instant now) throws SQLException {
        long last = lastCleaned.get();
        long seconds = now.getEpochSecond();
        if (last != Long.MIN_VALUE && seconds - last < CLEAN_EVERY_SECONDS || !lastCleaned.compareAndSet(last, seconds)) {
            return;
        }
        // idle_until is never later than expires_at: one comparison finds every ended session.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_session WHERE idle_until <= ?")) {
            DbTime.set(ps, 1, now);
            ps.executeUpdate();
        }
    }
}
