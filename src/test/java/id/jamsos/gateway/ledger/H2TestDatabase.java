package id.jamsos.gateway.ledger;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/** A private in-memory H2 ledger, opened with the same settings as production's H2 file. */
final class H2TestDatabase implements TestDatabase {

    private final String url;
    private final HikariDataSource dataSource;

    H2TestDatabase() {
        this.url = LedgerDataSource.h2MemUrl("ledger-test-" + UUID.randomUUID());
        this.dataSource = LedgerDataSource.create(url, "sa", "", 10);
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void emptyLedgerTables() {
        // H2 refuses TRUNCATE on tables that foreign keys point at.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : LEDGER_TABLES) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        // DB_CLOSE_DELAY=-1 keeps it alive otherwise, for the rest of the test JVM.
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
