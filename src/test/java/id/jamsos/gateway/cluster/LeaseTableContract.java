package id.jamsos.gateway.cluster;

import id.jamsos.gateway.ledger.LedgerMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease row on a real database: one holder at a time, taken over only once the holder's lease
 * has run out by the database's clock, which is the only clock the statements read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LeaseTableContract {

    private DataSource ds;
    private LeaseTable table;
    private String ns;

    /** A fresh, empty ledger database of the kind under test. */
    abstract DataSource open();

    abstract void dispose();

    /** One database for the class (a migration per test was most of its time): each test has its own namespace. */
    @BeforeAll
    void migrated() {
        ds = open();
        LedgerMigrations.migrate(ds);
        table = new LeaseTable(ds);
    }

    @BeforeEach
    void namespace() {
        ns = "ns-" + UUID.randomUUID();
    }

    @AfterAll
    void close() {
        dispose();
    }

    @Test
    void aLiveLeaseKeepsOthersOutAndOneThatRanOutIsTakenOver() throws Exception {
        assertThat(table.acquire(ns, "a", 1_500)).isTrue();
        assertThat(table.acquire(ns, "b", 1_500)).isFalse();
        assertThat(table.acquire(ns, "a", 1_500)).isTrue();
        assertThat(table.holder(ns)).contains("a");

        // a stops renewing (died): once its lease has run out, b takes over, and a cannot come back.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> table.acquire(ns, "b", 60_000));
        assertThat(table.acquire(ns, "a", 60_000)).isFalse();
        assertThat(table.holder(ns)).contains("b");
    }

    @Test
    void theLeaseRunsOutByTheDatabasesClock() throws Exception {
        assertThat(table.acquire(ns, "a", 60_000)).isTrue();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT expires_ms, " + LeaseTable.DATABASE_NOW_MS
                     + " FROM cluster_lease WHERE namespace = '" + ns + "'")) {
            assertThat(rs.next()).isTrue();
            long expires = rs.getLong(1);
            long databaseNow = rs.getLong(2);
            assertThat(expires - databaseNow).isBetween(50_000L, 60_000L);
            // The database's now in epoch milliseconds: the same instant as ours, give or take.
            assertThat(Math.abs(databaseNow - Instant.now().toEpochMilli())).isLessThan(60_000L);
        }
    }

    @Test
    void releasingHandsTheLeaseOverAtOnce() throws Exception {
        assertThat(table.acquire(ns, "a", 60_000)).isTrue();
        table.release(ns, "a");
        assertThat(table.holder(ns)).isEmpty();
        assertThat(table.acquire(ns, "b", 60_000)).isTrue();
    }

    @Test
    void releasingSomeoneElsesLeaseDoesNothing() throws Exception {
        assertThat(table.acquire(ns, "a", 60_000)).isTrue();
        table.release(ns, "b");
        assertThat(table.holder(ns)).contains("a");
    }

    @Test
    void namespacesAreIndependent() throws Exception {
        assertThat(table.acquire(ns + "-intake", "a", 60_000)).isTrue();
        assertThat(table.acquire(ns + "-statements", "b", 60_000)).isTrue();
    }
}
