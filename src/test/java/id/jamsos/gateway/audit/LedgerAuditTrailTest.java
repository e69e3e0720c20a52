package id.jamsos.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bean every audited action calls: a batch is one append, and a ledger that is gone never throws. */
class LedgerAuditTrailTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    private final HikariDataSource db = LedgerDataSource.create(
            LedgerDataSource.h2MemUrl("audit-trail-" + UUID.randomUUID()), "sa", "", 2);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditLedger ledger;

    LedgerAuditTrailTest() {
        LedgerMigrations.migrate(db);
        ledger = new AuditLedger(db, PersonalDataCipher.forTests().derivedKey("audit"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AuditEvent lookup(int n) {
        return AuditEvent.system("registry", "dinsos", "REGISTRY_LOOKUP", "file 3 row " + n, "");
    }

    @Test
    void aBatchOfEventsIsAppendedInOrder() {
        new LedgerAuditTrail(ledger, meters).recordAll(List.of(lookup(1), lookup(2), lookup(3)));

        assertThat(ledger.read(1, 10)).extracting(AuditLedger.Entry::subject)
                .containsExactly("file 3 row 1", "file 3 row 2", "file 3 row 3");
        assertThat(ledger.verify().ok()).isTrue();
    }

    @Test
    void aLedgerThatIsGoneNeverThrowsIntoTheActionAndIsCounted() {
        LedgerAuditTrail trail = new LedgerAuditTrail(ledger, meters);
        db.close();

        trail.record(lookup(1));
        trail.recordAll(List.of(lookup(2), lookup(3)));

        assertThat(meters.get(LedgerAuditTrail.FAILURES).counter().count()).isEqualTo(3.0);
    }

    @Test
    void retentionOffKeepsEverythingAndOnRemovesOnlyTheOld() {
        ledger.append(lookup(1));
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(800)), ZoneOffset.UTC);

        assertThat(new AuditJob(ledger, 0, 100, later, meters).purge()).isEqualTo(-1);
        AuditJob job = new AuditJob(ledger, 24, 100, later, new SimpleMeterRegistry());
        assertThat(job.purge()).isEqualTo(1);
        assertThat(job.verify().ok()).isTrue();
        assertThat(job.intact()).isTrue();
    }
}
