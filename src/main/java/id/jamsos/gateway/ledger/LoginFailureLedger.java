package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Failed operator logins in the ledger (table {@code operator_login_failure}, V13): counted per client
 * address and overall, by every gateway process on this ledger together, so that guesses spread over
 * the replicas behind one Service meet the same limit as guesses sent to one. A count covers one
 * window, which starts with its first failure and lasts {@code window} on {@link LedgerTime} (the
 * database's clock in production); after it the next failure starts a new one. Rows of ended windows
 * are deleted at most once a minute by whichever call comes first.
 */
public final class LoginFailureLedger {

    /** The row that counts every client's failures: no address is written so. */
    static final String OVERALL = "*";
    /** Longer client strings are cut: the column's width. */
    static final int CLIENT_MAX = 100;
    static final long CLEAN_EVERY_SECONDS = 60;

    /** Failures in the current window: of one client address, and of every client together. */
    public record Failures(int fromClient, int overall) {
    }

    private final Jdbc jdbc;
    private final Duration window;
    private final LedgerTime time;
    private final AtomicLong lastCleaned = new AtomicLong(Long.MIN_VALUE);

    public LoginFailureLedger(DataSource dataSource, Duration window, LedgerTime time) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.window = window;
        this.time = Objects.requireNonNull(time, "time");
    }

    public Failures failures(String client) {
        String who = client(client);
        return jdbc.call("read failed operator logins", c -> {
            Instant now = time.now(c);
            int fromClient = 0;
            int overall = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT client, failures FROM operator_login_failure "
                    + "WHERE client IN (?, ?) AND window_start > ?")) {
                ps.setString(1, who);
                ps.setString(2, OVERALL);
                DbTime.set(ps, 3, now.minus(window));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (OVERALL.equals(rs.getString(1))) {
                            overall = rs.getInt(2);
                        } else {
                            fromClient = rs.getInt(2);
                        }
                    }
                }
            }
            return new Failures(fromClient, overall);
        });
    }

    /** One more failure of {@code client}, and overall. */
    public void failed(String client) {
        String who = client(client);
        jdbc.call("count a failed operator login", c -> {
            Instant now = time.now(c);
            clean(c, now);
            count(c, who, now);
            count(c, OVERALL, now);
            return null;
        });
    }

    /** A login that succeeded: the address's earlier failures no longer count (the overall ones do). */
    public void forget(String client) {
        String who = client(client);
        jdbc.call("forget failed operator logins", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_login_failure WHERE client = ?")) {
                ps.setString(1, who);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Duration window() {
        return window;
    }

    /** Rows stored now, the overall one included, current or not: for tests. */
    public int remembered() {
        return jdbc.call("count failed operator login rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operator_login_failure");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Adds one in the row's current window, or starts a new window at 1. The UPDATE decides on the row
     * as it is when the database writes it, so two replicas counting at once both count; a missing row
     * is inserted, and if another replica inserted it first, updated after all.
     */
    private void count(Connection c, String who, Instant now) throws SQLException {
        if (increment(c, who, now)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_login_failure "
                + "(client, window_start, failures) VALUES (?, ?, 1) ON CONFLICT DO NOTHING")) {
            ps.setString(1, who);
            DbTime.set(ps, 2, now);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        increment(c, who, now);
    }

    private boolean increment(Connection c, String who, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE operator_login_failure SET "
                + "failures = CASE WHEN window_start > ? THEN failures + 1 ELSE 1 END, "
                + "window_start = CASE WHEN window_start > ? THEN window_start ELSE ? END WHERE client = ?")) {
            Instant cutoff = now.minus(window);
            DbTime.set(ps, 1, cutoff);
            DbTime.set(ps, 2, cutoff);
            DbTime.set(ps, 3, now);
            ps.setString(4, who);
            return ps.executeUpdate() == 1;
        }
    }

    private void clean(Connection c, Instant now) throws SQLException {
        long last = lastCleaned.get();
        long seconds = now.getEpochSecond();
        if (last != Long.MIN_VALUE && seconds - last < CLEAN_EVERY_SECONDS || !lastCleaned.compareAndSet(last, seconds)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_login_failure WHERE window_start <= ?")) {
            DbTime.set(ps, 1, now.minus(window));
            ps.executeUpdate();
        }
    }

    private static String client(String client) {
        if (client == null || client.isEmpty() || OVERALL.equals(client)) {
            return "unknown";
        }
        return client.length() > CLIENT_MAX ? client.substring(0, CLIENT_MAX) : client;
    }
}
