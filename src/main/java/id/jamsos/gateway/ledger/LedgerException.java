package id.jamsos.gateway.ledger;

import id.jamsos.gateway.nik.NikMask;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A ledger operation that failed in the database.
 *
 * <p>Drivers quote key values in their messages (H2 always; PostgreSQL in its detail), which would put a
 * full NIK in logs. So the original SQLException is not chained as it is: a copy of it is, with its
 * message scrubbed of NIKs, its SQLState, vendor code and stack trace, and behind it a scrubbed copy of
 * every exception the original had behind it (its causes, PostgreSQL's "next" exceptions, suppressed
 * ones). The causes are what says why: H2's "Check constraint invalid" (23514) names only the
 * constraint, and the exception that made the check fail is its cause. Issue 14 item 8 could not be
 * explained because the copy used to stop at the first exception.
 */
public class LedgerException extends RuntimeException {

    /** Causes copied at most; a chain longer than this is cut with a note. */
    private static final int MAX_DEPTH = 12;

    private final String sqlState;

    public LedgerException(String message) {
        super(message);
        this.sqlState = null;
    }

    /** Keeps {@code cause} (scrubbed) for the operator log. */
    public LedgerException(String message, Throwable cause) {
        super(message, scrubbed(cause));
        this.sqlState = cause instanceof SQLException s ? s.getSQLState() : null;
    }

    public LedgerException(String operation, SQLException e) {
        super(operation + " failed: " + describe(e), scrubbed(e));
        this.sqlState = e.getSQLState();
    }

    /** SQLState of the underlying failure, null when it was not a database error. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * One line for an operator log: the message of {@code error} and of each cause behind it, each
     * scrubbed of NIKs, separated by " <- caused by: ". Never a stack trace.
     */
    public static String causeChain(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        StringBuilder text = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = error;
        for (int i = 0; t != null && seen.put(t, Boolean.TRUE) == null && i < MAX_DEPTH; i++, t = t.getCause()) {
            if (i > 0) {
                text.append(" <- caused by: ");
            }
            String name = t instanceof Scrubbed s ? s.originalClass : t.getClass().getName();
            text.append(name.substring(name.lastIndexOf('.') + 1)).append(": ")
                    .append(NikMask.scrub(String.valueOf(t.getMessage())));
        }
        return text.toString();
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

    /** A scrubbed copy of {@code t} and of everything behind it; null for null. */
    static Throwable scrubbed(Throwable t) {
        return scrubbed(t, new IdentityHashMap<>(), 0);
    }

    private static Throwable scrubbed(Throwable t, Map<Throwable, Throwable> done, int depth) {
        if (t == null) {
            return null;
        }
        Throwable already = done.get(t);
        if (already != null) {
            return already;
        }
        if (depth >= MAX_DEPTH) {
            return new Scrubbed("(more causes not copied)", t.getClass().getName());
        }
        Throwable copy;
        Throwable cause = t.getCause() == t ? null : t.getCause();
        if (t instanceof SQLException e) {
            SQLException s = new SQLException(NikMask.scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
            done.put(t, s);
            if (cause != null) {
                s.initCause(scrubbed(cause, done, depth + 1));
            }
            // Behind a failed batch; a driver may also chain the cause here, which is then already copied.
            SQLException next = e.getNextException();
            for (int i = 0; next != null && i < 3; i++, next = next.getNextException()) {
                if (next != cause && scrubbed(next, done, depth + 1) instanceof SQLException n) {
                    s.setNextException(n);
                }
            }
            copy = s;
        } else {
            Scrubbed s = new Scrubbed(NikMask.scrub(t.getMessage()), t.getClass().getName());
            done.put(t, s);
            if (cause != null) {
                s.initCause(scrubbed(cause, done, depth + 1));
            }
            copy = s;
        }
        copy.setStackTrace(t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            copy.addSuppressed(scrubbed(suppressed, done, depth + 1));
        }
        return copy;
    }

    /** A scrubbed copy of a throwable that is not an SQLException; prints as the original's class. */
    static final class Scrubbed extends Exception {
        private final String originalClass;

        Scrubbed(String message, String originalClass) {
            super(message);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
