package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's audit trail in the ledger (V33): one chain, appended by several replicas at once, whose
 * alteration or gap {@code verify} names, and which still verifies after retention removed its start.
 */
abstract class AuditLedgerContractTest extends LedgerDatabaseContract {

    static final byte[] KEY = "jamsos-test-only-audit-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final Instant START = Instant.parse("2026-03-01T01:00:00.123456Z");

    private final MutableClock clock = new MutableClock(START);
    private AuditLedger audit;

    @Override
    protected void migrated() {
        audit = new AuditLedger(db.dataSource(), KEY, clock);
    }

    @BeforeEach
    void startAgain() {
        clock.set(START);
    }

    private static AuditEvent login(String user) {
        return new AuditEvent(AuditEvent.CLERK, user, "dinsos", "LOGIN", "", "", "10.0.0.7");
    }

    private void sql(String statement) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void appendLogins(int n) {
        for (int i = 1; i <= n; i++) {
            audit.append(login("clerk" + i));
        }
    }

    @Test
    void anEmptyTrailVerifies() {
        AuditLedger.Verification v = audit.verify();

        assertThat(v.ok()).isTrue();
        assertThat(v.checked()).isZero();
    }

    @Test
    void entriesChainFromTheGenesisHashAndVerify() {
        appendLogins(3);
        List<Long> many = audit.appendAll(List.of(login("a"), login("b").withOutcome(AuditEvent.FAILED)));

        List<AuditLedger.Entry> entries = audit.read(1, 10);
        assertThat(many).containsExactly(4L, 5L);
        assertThat(entries).extracting(AuditLedger.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(entries.get(0).prevHash()).isEqualTo(AuditLedger.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
        }
        assertThat(entries.get(0).at()).isEqualTo(START);
        assertThat(entries.get(4).outcome()).isEqualTo("FAILED");
        assertThat(entries.get(0).actor()).isEqualTo("clerk1");
        AuditLedger.Verification v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(v.checked()).isEqualTo(5);
        assertThat(v.lastSeq()).isEqualTo(5);
    }

    @Test
    void aFullNikNeverReachesAnEntry() {
        audit.append(new AuditEvent(AuditEvent.OPERATOR, "ops", "dinsos", "WORKER_LOOKUP", "9271014501900001",
                "looked up 9271014501900001", ""));

        AuditLedger.Entry e = audit.read(1, 1).get(0);
        assertThat(e.subject()).doesNotContain("9271014501900001").startsWith("9271");
        assertThat(e.detail()).doesNotContain("9271014501900001");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void appendsOfTwoReplicasAtOnceMakeOneChain() throws Exception {
        AuditLedger other = new AuditLedger(db.dataSource(), KEY, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (AuditLedger replica : List.of(audit, other)) {
                Callable<Integer> appends = () -> {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        replica.append(login("c" + i));
                    }
                    return 40;
                };
                done.add(pool.submit(appends));
            }
            go.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(40);
            }
        } finally {
            pool.shutdownNow();
        }

        AuditLedger.Verification v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(v.checked()).isEqualTo(80);
        assertThat(audit.read(1, 100)).extracting(AuditLedger.Entry::seq).hasSize(80).doesNotHaveDuplicates();
    }

    /** The head row is made by the first append: two first appends at once must still make one chain. */
    @Test
    void firstAppendsOfTwoReplicasAtOnceMakeOneHead() throws Exception {
        AuditLedger other = new AuditLedger(db.dataSource(), KEY, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                db.emptyLedgerTables();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> done = new ArrayList<>();
                for (AuditLedger replica : List.of(audit, other)) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return replica.append(login("first"));
                    }));
                }
                go.countDown();
                List<Long> seqs = new ArrayList<>();
                for (Future<Long> f : done) {
                    seqs.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(seqs).as("round " + round).containsExactlyInAnyOrder(1L, 2L);
                assertThat(audit.verify().ok()).as("round " + round).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void verifyNamesAnAlteredEntry() {
        appendLogins(5);
        sql("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 3");

        AuditLedger.Verification v = audit.verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(3);
        assertThat(v.problem()).contains("altered");
        assertThat(v.checked()).isEqualTo(2);
    }

    @Test
    void verifyNamesAnEntryWhoseHashWasRecomputedWithoutTheKey() {
        appendLogins(4);
        // An entry changed and given a new plain SHA-256-looking hash: the next entry's link breaks.
        sql("UPDATE audit_entry SET outcome = 'FAILED', hash = '" + "a".repeat(64) + "' WHERE seq = 2");

        AuditLedger.Verification v = audit.verify();

        assertThat(v.firstBroken()).isEqualTo(2);
    }

    @Test
    void verifyNamesADeletedEntry() {
        appendLogins(5);
        sql("DELETE FROM audit_entry WHERE seq = 3");

        AuditLedger.Verification v = audit.verify();

        assertThat(v.firstBroken()).isEqualTo(3);
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void verifyNamesTheLastEntriesDeletedAndAHeadMovedBackWithoutTheKey() {
        appendLogins(5);
        sql("DELETE FROM audit_entry WHERE seq >= 4");

        assertThat(audit.verify().firstBroken()).isEqualTo(4);

        sql("UPDATE audit_head SET last_seq = 3, last_hash = (SELECT hash FROM audit_entry WHERE seq = 3)");
        AuditLedger.Verification v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("head");
    }

    @Test
    void aRemovedHeadIsNamedAndStopsFurtherAppends() {
        appendLogins(2);
        sql("DELETE FROM audit_head");

        AuditLedger.Verification v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("head row is missing");
        assertThatThrownBy(() -> audit.append(login("x"))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aChangedHeadStopsFurtherAppendsLoudly() {
        appendLogins(2);
        sql("UPDATE audit_head SET last_seq = 1");

        assertThatThrownBy(() -> audit.append(login("x"))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("HMAC");
    }

    @Test
    void anotherKeyDoesNotVerify() {
        appendLogins(2);

        AuditLedger.Verification v = new AuditLedger(db.dataSource(), "another-key-of-at-least-thirty-two-bytes!"
                .getBytes(StandardCharsets.US_ASCII), clock).verify();

        assertThat(v.ok()).isFalse();
    }

    @Test
    void retentionRemovesTheOldestAndTheRestStillVerifies() {
        appendLogins(5);
        clock.advance(Duration.ofDays(400));
        appendLogins(2);

        long removed = audit.purgeBefore(START.plus(Duration.ofDays(200)), 2);

        assertThat(removed).isEqualTo(5);
        assertThat(audit.read(0, 10)).extracting(AuditLedger.Entry::seq).containsExactly(6L, 7L);
        AuditLedger.Verification v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(v.checked()).isEqualTo(2);
        assertThat(v.anchorSeq()).isEqualTo(5);
        audit.append(login("after"));
        assertThat(audit.verify().ok()).isTrue();
        assertThat(audit.purgeBefore(START.plus(Duration.ofDays(200)), 2)).isZero();

        // The anchor cannot be moved without the key, nor the first kept entry removed unseen.
        sql("DELETE FROM audit_entry WHERE seq = 6");
        assertThat(audit.verify().firstBroken()).isEqualTo(6);
        sql("UPDATE audit_head SET anchor_seq = 6");
        assertThat(audit.verify().ok()).isFalse();
    }

    @Test
    void retentionDoesNotEraseAnAlteredEntry() {
        appendLogins(3);
        sql("UPDATE audit_entry SET detail = 'edited' WHERE seq = 2");
        clock.advance(Duration.ofDays(10));

        assertThatThrownBy(() -> audit.purgeBefore(START.plus(Duration.ofDays(5)), 100))
                .isInstanceOf(LedgerException.class).hasMessageContaining("seq 2");
        assertThat(audit.read(0, 10)).hasSize(3);
        assertThat(audit.verify().firstBroken()).isEqualTo(2);
    }
}
