package id.jamsos.gateway.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool the ledger runs on.
 *
 * <p>H2 is meant to be opened as
 * {@code jdbc:h2:file:/path/ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}
 * (or {@code jdbc:h2:mem:NAME;...;DB_CLOSE_DELAY=-1}) so that the one SQL dialect of the ledger and its
 * migrations runs unchanged on H2 and PostgreSQL; {@link #h2FileUrl} and {@link #h2MemUrl} build them.
 */
public final class LedgerDataSource {

    /** Settings every H2 ledger URL carries; see the class comment for why. */
    public static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private LedgerDataSource() {
    }

    public static HikariDataSource create(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ledger");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        // No password at all, rather than an empty one: PostgreSQL's driver reads ~/.pgpass only then,
        // and a certificate or trust login needs none.
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(Math.max(1, maxPoolSize));
        config.setMinimumIdle(Math.min(2, Math.max(1, maxPoolSize)));
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // One round trip per insertRows batch instead of one per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // The server's "Detail: Key (nik)=(...)" would otherwise put a full NIK in exception messages.
            config.addDataSourceProperty("logServerErrorDetail", "false");
            // A statement run often gets a generic plan, costed while file_row was still small (a
            // sequential scan then looks cheap) and kept as the table grows: every outcome then scans
            // the file's rows. Planning each execution with its values costs ~0.1 ms and keeps the
            // primary key (docs/performance.md, "The ledger on PostgreSQL").
            config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        }
        return new HikariDataSource(config);
    }

    /** A file-backed H2 ledger at {@code basePath} (H2 appends {@code .mv.db}). */
    public static String h2FileUrl(String basePath) {
        return "jdbc:h2:file:" + basePath + H2_SETTINGS;
    }

    /** A private in-memory H2 ledger that lives until the JVM ends or SHUTDOWN is issued. */
    public static String h2MemUrl(String name) {
        return "jdbc:h2:mem:" + name + H2_SETTINGS + ";DB_CLOSE_DELAY=-1";
    }
}
