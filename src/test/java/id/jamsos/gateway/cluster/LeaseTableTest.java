package id.jamsos.gateway.cluster;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease row: one holder at a time, taken over only after the holder stops renewing. */
class LeaseTableTest {

    private HikariDataSource ds;
    private LeaseTable table;

    @BeforeEach
    void open() {
        ds = LedgerDataSource.create(LedgerDataSource.h2MemUrl("lease-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(ds);
        table = new LeaseTable(ds);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void aLiveLeaseKeepsOthersOutAndAnExpiredOneIsTakenOver() throws Exception {
        assertThat(table.acquire("ns", "a", 0, 1000)).isTrue();
        assertThat(table.acquire("ns", "b", 500, 1000)).isFalse();
        assertThat(table.acquire("ns", "a", 900, 1000)).isTrue();
        assertThat(table.holder("ns", 1000)).contains("a");

        // a stops renewing (died): once its lease from t=900 has run out, b takes over.
        assertThat(table.acquire("ns", "b", 1800, 1000)).isFalse();
        assertThat(table.acquire("ns", "b", 1901, 1000)).isTrue();
        assertThat(table.acquire("ns", "a", 2000, 1000)).isFalse();
        assertThat(table.holder("ns", 2000)).contains("b");
    }

    @Test
    void releasingHandsTheLeaseOverAtOnce() throws Exception {
        assertThat(table.acquire("ns", "a", 0, 10_000)).isTrue();
        table.release("ns", "a");
        assertThat(table.holder("ns", 1)).isEmpty();
        assertThat(table.acquire("ns", "b", 1, 10_000)).isTrue();
    }

    @Test
    void namespacesAreIndependent() throws Exception {
        assertThat(table.acquire("intake", "a", 0, 1000)).isTrue();
        assertThat(table.acquire("statements", "b", 0, 1000)).isTrue();
    }
}
