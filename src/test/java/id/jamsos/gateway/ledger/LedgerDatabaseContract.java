package id.jamsos.gateway.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * A ledger contract run on one database (H2, PostgreSQL): opened and migrated once per class, emptied
 * before each test, and every test skipped with the reason when the database does not answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerDatabaseContract {

    TestDatabase db;
    /** Why the database is not there; reported on each test, as Surefire drops a class-level skip. */
    private String skipReason;

    protected abstract TestDatabase openDatabase();

    /** Builds what the contract tests, once the schema is there. */
    protected void migrated() {
    }

    @BeforeAll
    final void openAndMigrate() {
        try {
            db = openDatabase();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage().replaceFirst("^Assumption failed: ", "");
            return;
        }
        LedgerMigrations.migrate(db.dataSource());
        migrated();
    }

    @AfterAll
    final void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    final void emptyTables() {
        Assumptions.assumeTrue(skipReason == null, () -> skipReason);
        db.emptyLedgerTables();
    }
}
