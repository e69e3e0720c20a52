package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file that keeps the ledger across restarts of the gateway. */
class H2FileLedgerTest {

    @Test
    void aFileLedgerKeepsItsContentAcrossReopening(@TempDir Path dir) {
        String url = LedgerDataSource.h2FileUrl(dir.resolve("ledger").toString());
        assertThat(url).isEqualTo("jdbc:h2:file:" + dir.resolve("ledger")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        long id;
        try (HikariDataSource ds = LedgerDataSource.create(url, "sa", "", 2)) {
            assertThat(LedgerMigrations.migrateCounting(ds)).isPositive();
            Ledger ledger = new Ledger(ds);
            id = ledger.registerFile("AG1", "jan.csv", "c".repeat(64), Instant.parse("2026-01-01T00:00:00Z")).fileId();
            ledger.completeIntake(id, 0, 0);
        }
        assertThat(Files.exists(dir.resolve("ledger.mv.db"))).isTrue();

        try (HikariDataSource ds = LedgerDataSource.create(url, "sa", "", 2)) {
            assertThat(LedgerMigrations.migrateCounting(ds)).isZero();
            Ledger ledger = new Ledger(ds);
            assertThat(ledger.file(id)).hasValueSatisfying(f -> assertThat(f.fileName()).isEqualTo("jan.csv"));
            assertThat(ledger.registerFile("AG1", "again.csv", "c".repeat(64), Instant.now()).duplicate()).isTrue();
        }
    }
}
