package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes a table's ended rows at most once per period, by whichever call comes first: the calls of
 * the period after it skip it at the cost of one atomic read. Shared by the operator session and
 * failed-login ledgers, whose rows end with time and are otherwise never read again. Each replica
 * cleans on its own; a delete of rows that another replica already deleted finds none.
 */
final class Housekeeping {

    /** What one cleaning runs, on the connection of the call that does it. */
    @FunctionalInterface
    interface Cleaning {
        void run(Connection c) throws SQLException;
    }

    private final long everySeconds;
    private final LedgerTime time;
    private final Cleaning cleaning;
    private final AtomicLong lastCleaned = new AtomicLong(Long.MIN_VALUE);

    Housekeeping(Duration every, LedgerTime time, Cleaning cleaning) {
        this.everySeconds = every.toSeconds();
        this.time = time;
        this.cleaning = cleaning;
    }

    /** Cleans when the period since the last cleaning has passed; only one of calls at once does. */
    void maybeClean(Connection c) throws SQLException {
        long last = lastCleaned.get();
        long seconds = time.local().getEpochSecond();
        if (last != Long.MIN_VALUE && seconds - last < everySeconds || !lastCleaned.compareAndSet(last, seconds)) {
            return;
        }
        cleaning.run(c);
    }
}
