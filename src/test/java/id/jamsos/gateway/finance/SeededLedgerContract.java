package id.jamsos.gateway.finance;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * A finance contract's ledger, H2 or PostgreSQL as its subclass says (PostgreSQL skipped with a
 * message where it does not answer, failed under CI=true): opened once for the
 * class, migrated, seeded by the contract, with a statement builder on it. Seeded once, not per test:
 * every test of the class reads the same rows, and a test that changes one puts it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeededLedgerContract {

    static final ZoneId WIT = ZoneId.of("Asia/Jayapura");

    /** The ledger databases a contract runs on. */
    enum Kind { H2, POSTGRES }

    private final Kind kind;
    DataSource ds;
    StatementBuilder builder;
    private AutoCloseable database;

    /** The skip from a database that is not there, thrown again by each test (see RequiredService). */
    private TestAbortedException unavailable;

    SeededLedgerContract(Kind kind) {
        this.kind = kind;
    }

    /** Fills the migrated ledger {@link #ds} and makes the builder the tests read. */
    abstract StatementBuilder seed() throws Exception;

    @BeforeAll
    void ledger() throws Exception {
        try {
            if (kind == Kind.POSTGRES) {
                PostgresTestDatabase pg = PostgresTestDatabase.openOrSkip();
                database = pg;
                ds = pg.dataSource();
            } else {
                HikariDataSource h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("finance-" + UUID.randomUUID()),
                        "sa", "", 2);
                database = h2;
                ds = h2;
            }
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
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    /**
     * A builder for Kota Sorong (9671) at a fixed instant; asking it for an invoice is a fault of the
     * test, as none of these ledgers has one.
     */
    StatementBuilder builderAt(Instant now, long defaultIncome, long annualBudget) {
        return builderAt(now, defaultIncome, annualBudget, SORONG_2024, (period, region) -> {
            throw new IllegalStateException("no invoice in this test");
        });
    }

    /** A builder for Kota Sorong (9671) at a fixed instant, of this programme, with this invoice. */
    StatementBuilder builderAt(Instant now, long defaultIncome, long annualBudget, Programme programme,
                               StatementBuilder.InvoiceSource invoices) {
        return new StatementBuilder(new FinanceLedger(ds), new Ledger(ds), AgencyRegistry.of(List.of()), programme,
                invoices, "9671", defaultIncome, annualBudget, WIT, Json.mapper(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The 2024 programme paid from the city's APBD alone. */
    static final Programme SORONG_2024 = new Programme("2024", YearMonth.of(2024, 1), YearMonth.of(2024, 12),
            List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota", 2_200_000_000L, "5.1.02.01.001", List.of())),
            "APBD_KOTA");
}
