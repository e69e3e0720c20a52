package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Borrowing a connection and turning SQLExceptions into NIK-free {@link LedgerException}s. */
final class Jdbc {

    /** SQLState of a unique or primary key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final LedgerWriteHealth health;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
        this.health = LedgerWriteHealth.of(dataSource);
    }

    /** Runs {@code work} with auto-commit on: each statement stands alone. */
    <T> T call(String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            health.failed(operation, e);
            throw new LedgerException(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    <T> T inTransaction(String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                // A plain DataSource hands this very connection to the next caller.
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            health.failed(operation, e);
            throw new LedgerException(operation, e);
        }
    }

    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(new LedgerException("rollback", rollbackFailure));
        }
    }
}
