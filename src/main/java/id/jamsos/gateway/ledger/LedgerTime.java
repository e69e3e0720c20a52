package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * "Now" for rows that several gateway processes read and write (operator sessions, failed logins).
 * In production it is the database's clock, asked on the connection about to use it: replicas whose
 * own clocks differ then still agree on when a session or a lock ends, because only one clock is ever
 * consulted. Tests that need time to pass give a {@link Clock} instead.
 */
@FunctionalInterface
public interface LedgerTime {

    /** The database's CURRENT_TIMESTAMP, the same function on H2 and PostgreSQL. */
    LedgerTime DATABASE = c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return DbTime.truncate(DbTime.get(rs, 1));
        }
    };

    Instant now(Connection c) throws SQLException;

    /** A given clock instead of the database's, for tests that move time by hand. */
    static LedgerTime of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return c -> DbTime.truncate(clock.instant());
    }
}
