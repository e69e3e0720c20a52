package id.jamsos.gateway.ledger;

import java.sql.SQLException;

/**
 * A ledger operation that failed in the database.
 *
 * <p>Drivers quote key values in their messages (H2 always; PostgreSQL in its detail), which would put a
 * full NIK in logs. So the original SQLException is not chained: its message, and those of the
 * exceptions chained behind it, are scrubbed of NIKs and carried by a copy that keeps SQLState, vendor
 * code and stack trace.
 */
public class LedgerException extends RuntimeException {

    private final String sqlState;

    public LedgerException(String message) {
        super(message);
        this.sqlState = null;
    }

    public LedgerException(String operation, SQLException e) {
        super(operation + " failed: " + describe(e), scrubbedCopy(e));
        this.sqlState = e.getSQLState();
    }

    /** SQLState of the underlying failure, null when it was not a database error. */
    public String sqlState() {
        return sqlState;
    }

    private static String describe(SQLException e) {
        StringBuilder text = new StringBuilder(String.valueOf(NikMask.scrub(e.getMessage())));
        text.append(" [SQLState ").append(e.getSQLState()).append(']');
        // A failed batch on PostgreSQL says only "call getNextException"; the reason is behind it.
        SQLException next = e.getNextException();
        for (int i = 0; next != null && i < 3; i++, next = next.getNextException()) {
            text.append("; next: ").append(NikMask.scrub(next.getMessage()));
        }
        return text.toString();
    }

    private static SQLException scrubbedCopy(SQLException e) {
        SQLException copy = new SQLException(NikMask.scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
