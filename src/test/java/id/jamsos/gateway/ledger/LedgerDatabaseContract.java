package id.jamsos.gateway.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * A ledger contract run on one database (H2, PostgreSQL): opened and migrated once per class, emptied
 * before each test. When the database does not answer, every test is skipped with the reason, or
 * fails under {@code CI=true} (see {@code RequiredService}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerDatabaseContract {

    TestDatabase db;
    /**
     * The skip from opening a database that is not there, thrown again by each test: Surefire shows
     * a class skipped in {@code @BeforeAll} as "Tests run: 0". A failure there (CI=true) is reported
     * as it is.
     */
    private TestAbortedException unavailable;

    protected abstract TestDatabase openDatabase();

    /** Builds what the contract tests, once the schema is there. */
    protected void migrated() {
    }

    @BeforeAll
    final void openAndMigrate() {
        try {
            db = openDatabase();
        } catch (TestAbortedException e) {
            unavailable = e;
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
        if (unavailable != null) {
            throw unavailable;
        }
        db.emptyLedgerTables();
    }
}
