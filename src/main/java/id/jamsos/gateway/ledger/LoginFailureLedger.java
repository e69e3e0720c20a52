package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Failed operator logins in the ledger (table {@code operator_login_failure}, V13): counted per client
 * address and overall, by every gateway process on this ledger together, so that guesses spread over
 * the replicas behind one Service meet the same limit as guesses sent to one. A count covers one
 * window, which starts with its first failure and lasts {@code window} on {@link LedgerTime} (the
 * database's clock, in the statements themselves, in production); after it the next failure starts a
 * new one. Rows of ended windows are deleted at most once a minute by whichever call comes first.
 *
 * <p>Every decision is one statement, so replicas deciding at once cannot both act on a count that one
 * of them is about to change: a failure is counted only by an UPDATE whose WHERE says the limit was not
 * reached yet (its row count is the answer), and a success forgets only the failures that do not lock
 * its address at the moment the DELETE runs.
 */
public final class LoginFailureLedger {

    /** The row that counts every client's failures: no address is written so. */
    static final String OVERALL = "*";
    /** Longer client strings are cut: the column's width. */
    static final int CLIENT_MAX = 100;
    static final Duration CLEAN_EVERY = Duration.ofMinutes(1);

    /** Failures in the current window: of one client address, and of every client together. */
    public record Failures(int fromClient, int overall) {
    }

    /** The operators' table (V13); the clerks' portal counts in {@code portal_login_failure} (V25). */
    public static final String OPERATORS = "operator_login_failure";
    public static final String PORTAL = "portal_login_failure";

    private final Jdbc jdbc;
    private final String table;
    private final Duration window;
    private final LedgerTime time;
    private final Housekeeping housekeeping;

    public LoginFailureLedger(DataSource dataSource, Duration window, LedgerTime time) {
        this(dataSource, window, time, OPERATORS);
    }

    /** @param table {@link #OPERATORS} or {@link #PORTAL}: the same counting, kept apart */
    public LoginFailureLedger(DataSource dataSource, Duration window, LedgerTime time, String table) {
        if (!OPERATORS.equals(table) && !PORTAL.equals(table)) {
            throw new IllegalArgumentException("no login failure table " + table);
        }
        this.table = table;
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.window = window;
        this.time = Objects.requireNonNull(time, "time");
        this.housekeeping = new Housekeeping(CLEAN_EVERY, time, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE window_start <= "
                    + windowStart())) {
                ps.executeUpdate();
            }
        });
    }

    /** Failures of {@code client} and of everyone in their current windows, in one read: for tests. */
    public Failures failures(String client) {
        String who = client(client);
        return jdbc.call("read failed operator logins", c -> {
            int fromClient = 0;
            int overall = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT client, failures FROM " + table + " "
                    + "WHERE client IN (?, ?) AND window_start > " + windowStart())) {
                ps.setString(1, who);
                ps.setString(2, OVERALL);
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

    /**
     * A correct credential from {@code client}: false while the address's own failures lock it
     * ({@code maxFromClient} in the current window), whatever others failed; otherwise true, and the
     * address's failures are forgotten (the overall ones are not). One read when the address has no
     * failures, the usual case of an API client; the DELETE only when there is something to forget.
     */
    public boolean admit(String client, int maxFromClient) {
        String who = client(client);
        return jdbc.call("check a correct operator login", c -> {
            int failures;
            try (PreparedStatement ps = c.prepareStatement("SELECT failures FROM " + table + " "
                    + "WHERE client = ? AND window_start > " + windowStart())) {
                ps.setString(1, who);
                try (ResultSet rs = ps.executeQuery()) {
                    failures = rs.next() ? rs.getInt(1) : 0;
                }
            }
            if (failures >= maxFromClient) {
                return false;
            }
            if (failures > 0) {
                // Not a lock that failures of this very moment completed: those stay.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE client = ? "
                        + "AND (window_start <= " + windowStart() + " OR failures < ?)")) {
                    ps.setString(1, who);
                    ps.setInt(2, maxFromClient);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    /**
     * A wrong credential from {@code client}: counted for the address while it has had fewer than
     * {@code maxFromClient} failures in its window, then overall while all together had fewer than
     * {@code maxOverall}. True when both were counted (a plain wrong guess); false when either limit
     * had been reached already (the attempt is refused as throttled, and counts no further).
     */
    public boolean failed(String client, int maxFromClient, int maxOverall) {
        String who = client(client);
        return jdbc.call("count a failed operator login", c -> {
            housekeeping.maybeClean(c);
            return count(c, who, maxFromClient) && count(c, OVERALL, maxOverall);
        });
    }

    /**
     * A wrong credential counted for {@code client} alone (not overall): the portal's count per user name,
     * next to the address's. True while under {@code max}, false once reached.
     */
    public boolean failedAlone(String client, int max) {
        String who = client(client);
        return jdbc.call("count a failed login of a user name", c -> {
            housekeeping.maybeClean(c);
            return count(c, who, max);
        });
    }

    public Duration window() {
        return window;
    }

    /** Rows stored now, the overall one included, current or not: for tests. */
    public int remembered() {
        return jdbc.call("count failed operator login rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Earliest window start still current: as SQL on {@link #time}. */
    private String windowStart() {
        return time.sqlPlus(-window.toSeconds());
    }

    /**
     * Adds one in the row's current window while under {@code max}, or starts a new window at 1. A
     * missing row is inserted; if another replica inserted it first, the conditional UPDATE decides
     * after all. False when the row's current window holds {@code max} failures already.
     */
    private boolean count(Connection c, String who, int max) throws SQLException {
        if (max <= 0) {
            return false;
        }
        if (increment(c, who, max)) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " "
                + "(client, window_start, failures) VALUES (?, " + time.sql() + ", 1) ON CONFLICT DO NOTHING")) {
            ps.setString(1, who);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        return increment(c, who, max);
    }

    /** One UPDATE, its row count the answer: the limit is read and the count raised as one. */
    private boolean increment(Connection c, String who, int max) throws SQLException {
        String current = "window_start > " + windowStart();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET "
                + "failures = CASE WHEN " + current + " THEN failures + 1 ELSE 1 END, "
                + "window_start = CASE WHEN " + current + " THEN window_start ELSE " + time.sql() + " END "
                + "WHERE client = ? AND (NOT (" + current + ") OR failures < ?)")) {
            ps.setString(1, who);
            ps.setInt(2, max);
            return ps.executeUpdate() == 1;
        }
    }

    private static String client(String client) {
        if (client == null || client.isEmpty() || OVERALL.equals(client)) {
            return "unknown";
        }
        return client.length() > CLIENT_MAX ? client.substring(0, CLIENT_MAX) : client;
    }
}
