package id.jamsos.gateway.ledger;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a ledger database to the current schema with the Flyway scripts in {@code db/migration}. */
public final class LedgerMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private LedgerMigrations() {
    }

    public static void migrate(DataSource ds) {
        migrateCounting(ds);
    }

    /** Same as {@link #migrate}, telling how many scripts ran (0 when the schema was current). */
    public static int migrateCounting(DataSource ds) {
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations(LOCATION)
                // A forgotten script between two applied ones is a packaging error, not something to skip.
                .outOfOrder(false)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
