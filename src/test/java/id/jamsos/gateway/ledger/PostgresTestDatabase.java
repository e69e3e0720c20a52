package id.jamsos.gateway.ledger;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.support.RequiredService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh schema in the local PostgreSQL for one test class, reached through {@code currentSchema}, and
 * dropped on close: parallel and earlier runs never see each other's tables.
 */
public final class PostgresTestDatabase implements TestDatabase {

    /**
     * Overridable (-Dledger.test.pg.host / .port) to run against another server, or to see the skip
     * (with CI=true, the failure).
     */
    static final String HOST = System.getProperty("ledger.test.pg.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("ledger.test.pg.port", 5432);
    static final String BASE_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";
    static final String USER = "postgres";

    private final String schema;
    private final HikariDataSource dataSource;

    private PostgresTestDatabase(String prefix) throws SQLException {
        this.schema = prefix + "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        this.dataSource = LedgerDataSource.create(BASE_URL + "?currentSchema=" + schema, USER, "", 10);
    }

    /**
     * Opens one. When PostgreSQL does not answer, the calling test is skipped, or fails under
     * {@code CI=true}: {@link RequiredService} decides.
     */
    public static PostgresTestDatabase openOrSkip() {
        return openOrSkip("");
    }

    /** {@link #openOrSkip()} with the schema's name starting with {@code prefix} (a helper's own, say). */
    public static PostgresTestDatabase openOrSkip(String prefix) {
        RequiredService.require(answers() ? null : "PostgreSQL at " + HOST + ":" + PORT + " (database test, user "
                + USER + ") did not answer within 2 s");
        try {
            return new PostgresTestDatabase(prefix);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL answers but a test schema cannot be created", e);
        }
    }


    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 2_000);
        } catch (IOException e) {
            return false;
        }
        DriverManager.setLoginTimeout(2);
        try (Connection c = admin()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(BASE_URL, USER, "");
    }

    /** The JDBC URL of this schema, for a gateway process of its own. */
    public String url() {
        return BASE_URL + "?currentSchema=" + schema;
    }

    public String user() {
        return USER;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void emptyLedgerTables() {
        // Not DELETE: the dead worker rows it leaves, in a table never analysed, make the foreign key
        // check of the next test's file_row DELETE scan them once per row (seconds for 20,000 rows).
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("TRUNCATE TABLE " + String.join(", ", LEDGER_TABLES));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
