package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The claim callback's replay guard in the ledger (table {@code callback_replay}, V12): every
 * gateway process sharing the ledger shares it, so a callback accepted by one replica is refused
 * by the others. One INSERT decides (the primary key), never a read followed by a write.
 */
public final class CallbackReplayLedger {

    /** Expired rows are deleted at most this often (seconds), by whichever call comes first. */
    static final long CLEAN_EVERY_SECONDS = 60;

    private final Jdbc jdbc;
    private final AtomicLong lastCleaned = new AtomicLong(Long.MIN_VALUE);

    public CallbackReplayLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * True when this call stored {@code key}, false when it was stored before and has not expired.
     * A stored key whose time is over is replaced (the window check refuses such a request before it
     * comes here; this only keeps a forgotten row from refusing a new one).
     */
    public boolean firstSighting(String key, long usefulUntil, long now) {
        Objects.requireNonNull(key, "key");
        clean(now);
        return jdbc.call("check callback replay", c -> {
            if (insert(c, key, usefulUntil)) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM callback_replay WHERE replay_key = ? AND expires_at < ?")) {
                ps.setString(1, key);
                ps.setLong(2, now);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            return insert(c, key, usefulUntil);
        });
    }

    private static boolean insert(java.sql.Connection c, String key, long usefulUntil) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO callback_replay (replay_key, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, key);
            ps.setLong(2, usefulUntil);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes expired keys, at most once a minute per process; returns how many went. */
    int clean(long now) {
        long last = lastCleaned.get();
        if (last != Long.MIN_VALUE && now - last < CLEAN_EVERY_SECONDS || !lastCleaned.compareAndSet(last, now)) {
            return 0;
        }
        return jdbc.call("clean callback replay keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM callback_replay WHERE expires_at < ?")) {
                ps.setLong(1, now);
                return ps.executeUpdate();
            }
        });
    }

    /** Keys stored now, expired or not: for tests and the status page. */
    public int size() {
        return jdbc.call("count callback replay keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM callback_replay");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
