package id.jamsos.gateway.finance;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * A finance contract's ledger, run on H2 and on PostgreSQL by its subclasses: opened once for the
 * class, migrated, seeded by the contract, with a statement builder on it. Seeded once, not per test:
 * every test of the class reads the same rows, and a test that changes one puts it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeededLedgerContract {

    static final ZoneId WIT = ZoneId.of("Asia/Jayapura");

    DataSource ds;
    StatementBuilder builder;

    /** The skip from a database that is not there, thrown again by each test (see RequiredService). */
    private TestAbortedException unavailable;

    /** A fresh, empty ledger database of the kind under test. */
    abstract DataSource open();

    abstract void dispose();

    /** Fills the migrated ledger {@link #ds} and makes the builder the tests read. */
    abstract StatementBuilder seed() throws Exception;

    @BeforeAll
    void ledger() throws Exception {
        try {
            ds = open();
        } catch (TestAbortedException e) {
            unavailable = e;
            return;
        }
        LedgerMigrations.migrate(ds);
        builder = seed();
    }

    @BeforeEach
    void databaseThere() {
        if (unavailable != null) {
            throw unavailable;
        }
    }

    @AfterAll
    void close() {
        dispose();
    }

    /**
     * A builder for Kota Sorong (9671) at a fixed instant; asking it for an invoice is a fault of the
     * test, as none of these ledgers has one.
     */
    StatementBuilder builderAt(Instant now, long defaultIncome, long annualBudget) {
        return new StatementBuilder(new FinanceLedger(ds), new Ledger(ds), AgencyRegistry.of(List.of()),
                (period, region) -> {
                    throw new IllegalStateException("no invoice in this test");
                }, "9671", defaultIncome, annualBudget, WIT, Json.mapper(), Clock.fixed(now, ZoneOffset.UTC));
    }
}
