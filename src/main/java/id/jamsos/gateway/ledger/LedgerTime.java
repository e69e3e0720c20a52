package id.jamsos.gateway.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * "Now" for rows that several gateway processes read and write (operator sessions, failed logins).
 * In production it is the database's clock, written into the statement itself as
 * {@code CURRENT_TIMESTAMP} (as cluster/LeaseTable does): replicas whose own clocks differ still agree
 * on when a session or a lock ends, because only one clock is ever consulted, and asking the time
 * costs no round trip of its own. Tests that need time to pass give a {@link Clock} instead, whose
 * instant is written into the statement as a literal.
 */
public interface LedgerTime {

    /** The database's CURRENT_TIMESTAMP, the same function on H2 and PostgreSQL. */
    LedgerTime DATABASE = new LedgerTime() {
        @Override
        public String sql() {
            return "CURRENT_TIMESTAMP";
        }

        @Override
        public Instant local() {
            return Instant.now();
        }
    };

    /**
     * An SQL expression of type TIMESTAMP WITH TIME ZONE for now, evaluated by the database within the
     * statement that holds it (one instant for the whole statement).
     */
    String sql();

    /**
     * This process's idea of now: only to space out housekeeping (the deletion of ended rows), never
     * compared with a stored time.
     */
    Instant local();

    /** {@link #sql()} plus a whole number of seconds (negative for earlier): interval arithmetic H2 and PostgreSQL share. */
    default String sqlPlus(long seconds) {
        return "(" + sql() + (seconds < 0 ? " - " : " + ") + "INTERVAL '" + Math.abs(seconds) + "' SECOND)";
    }

    /** A given clock instead of the database's, for tests that move time by hand. */
    static LedgerTime of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        DateTimeFormatter literal = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
        return new LedgerTime() {
            @Override
            public String sql() {
                // Formatted from an Instant, never from input: nothing but digits and separators.
                return "TIMESTAMP WITH TIME ZONE '" + literal.format(DbTime.truncate(clock.instant())) + "'";
            }

            @Override
            public Instant local() {
                return clock.instant();
            }
        };
    }
}
