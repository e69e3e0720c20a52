package id.jamsos.gateway.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.support.PrivateFiles;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

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
    // LOCK_TIMEOUT: H2 waits 1 s for a row lock by default; an intake chunk waiting for the budget
    // commitment lock while a release chunk holds it needs a little more (HYT00 past it, retried).
    public static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";LOCK_TIMEOUT=10000";

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
        h2Folder(jdbcUrl).ifPresent(LedgerDataSource::createPrivately);
        return new HikariDataSource(config);
    }

    /**
     * The folder of an H2 file ledger ({@code jdbc:h2:file:./data/ledger;...} -> {@code ./data}), empty for
     * PostgreSQL and in-memory or server H2 URLs.
     */
    static Optional<Path> h2Folder(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        rest = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("^(mem|tcp|ssl|zip|nio[a-zA-Z]*|split|async|retry|memFS|memLZF):.*")) {
            return Optional.empty();
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        try {
            return Optional.ofNullable(Path.of(rest).toAbsolutePath().normalize().getParent());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * H2 would create the folder (and its files) with the process's umask, readable by everyone under
     * the usual 0022: the ledger holds the workers' names and birth dates. The folder is made the
     * gateway user's own before H2 opens it (docs/security.md, "Files on disk").
     */
    private static void createPrivately(Path folder) {
        try {
            PrivateFiles.createDirectories(folder);
        } catch (IOException e) {
            // H2 says why it cannot create its file, with the path, when it tries.
        }
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
