package id.jamsos.gateway.ledger;

import id.jamsos.gateway.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clerks' uploads in the ledger (portal_upload, V28), as two replicas (two ledger objects over one
 * database) use them: an upload stored by one is read by the other, of two claims at once exactly one
 * wins, a lapsed claim is taken over by one process only, and uploads never submitted expire with their
 * bytes. The portal over HTTP: portal/PortalUploadsAcrossGatewaysTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PortalUploadLedgerTest {

    abstract TestDatabase fresh();

    static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    TestDatabase db;
    static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    final MutableClock clock = new MutableClock(START);

    private TestDatabase shared;

    /**
     * The class's one migrated database (a migration per test was most of this class's time), emptied:
     * each test starts with no upload, as on a fresh database.
     */
    TestDatabase migrated() {
        if (shared == null) {
            TestDatabase d = fresh();
            LedgerMigrations.migrate(d.dataSource());
            shared = d;
        } else {
            shared.emptyLedgerTables();
        }
        return shared;
    }

    /** One test instance for the class (the shared database): the clock starts again for each test. */
    @BeforeEach
    void clockAtStart() {
        clock.set(START);
        db = null;
    }

    @AfterAll
    void close() {
        if (shared != null) {
            shared.close();
        }
    }

    PortalUploadLedger ledger() {
        return new PortalUploadLedger(db.dataSource(), LedgerTime.of(clock));
    }

    Path file(String text) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "upload", ".csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void anUploadStoredByOneReplicaIsReadByTheOtherForItsAgencyOnly() throws Exception {
        db = migrated();
        PortalUploadLedger one = ledger();
        PortalUploadLedger two = ledger();
        one.store("u".repeat(22), "dinas-sosial", "klerk-b", "pekerja.csv", "ab".repeat(32), file("NIK;NAMA\n"));

        PortalUploadLedger.Upload upload = two.find("dinas-sosial", "u".repeat(22)).orElseThrow();
        assertThat(upload).isEqualTo(new PortalUploadLedger.Upload("u".repeat(22), "dinas-sosial", "klerk-b",
                "pekerja.csv", 9, "ab".repeat(32), PortalUploadLedger.State.UPLOADED, null, 0));
        assertThat(two.find("distrik-sorong-timur", "u".repeat(22))).as("another agency's").isEmpty();
        assertThat(two.claim("distrik-sorong-timur", "u".repeat(22), "node-2", LEASE)).isFalse();
        Path copy = dir.resolve("copy");
        assertThat(two.copyContent("u".repeat(22), copy)).isTrue();
        assertThat(Files.readString(copy)).isEqualTo("NIK;NAMA\n");
    }

    @Test
    void theBytesAreEncryptedInTheLedgerBoundToTheirUploadAndOpenOnlyWithTheKey() throws Exception {
        db = migrated();
        String nik = "9271011205900001";
        String list = "NIK;NAMA\n" + nik + ";Yohana Worker\n";
        ledger().store("a".repeat(22), "dinas-sosial", "klerk-b", "pekerja.csv", "ab".repeat(32), file(list));
        ledger().store("b".repeat(22), "dinas-sosial", "klerk-b", "lain.csv", "cd".repeat(32), file("NIK;NAMA\n"));

        byte[] stored = raw("a".repeat(22));
        String asText = new String(stored, StandardCharsets.ISO_8859_1);
        System.out.println("[at rest] " + stored.length + " bytes stored for a " + list.length() + "-byte upload");
        assertThat(asText).as("no NIK or name in the stored bytes").doesNotContain(nik).doesNotContain("Yohana");
        Path copy = dir.resolve("copy");
        assertThat(ledger().copyContent("a".repeat(22), copy)).isTrue();
        assertThat(Files.readString(copy)).isEqualTo(list);

        // Another upload's bytes copied over this one's do not open: they are bound to their own id.
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE portal_upload SET content = ? WHERE id = ?")) {
            ps.setBytes(1, raw("b".repeat(22)));
            ps.setString(2, "a".repeat(22));
            ps.executeUpdate();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger().copyContent("a".repeat(22), copy))
                .as("moved ciphertext").isInstanceOf(RuntimeException.class);
        // Nor with another key.
        PortalUploadLedger otherKey = new PortalUploadLedger(db.dataSource(), LedgerTime.of(clock),
                new PersonalDataCipher(new byte[32], PersonalDataCipher.forTests().currentKeyId(),
                        java.util.Map.of(PersonalDataCipher.forTests().currentKeyId(), new byte[32])));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherKey.copyContent("b".repeat(22), copy))
                .as("another key").isInstanceOf(RuntimeException.class);
    }

    private byte[] raw(String id) throws Exception {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT content FROM portal_upload WHERE id = ?")) {
            ps.setString(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void ofTwoClaimsAtOnceExactlyOneWinsAndTheBytesGoOnceSubmitted() throws Exception {
        db = migrated();
        PortalUploadLedger one = ledger();
        PortalUploadLedger two = ledger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String id = String.format("upload-%015d", i);
                one.store(id, "dinas-sosial", "klerk-b", "f" + i + ".csv", "cd".repeat(32), file("row " + i + "\n"));
                CountDownLatch go = new CountDownLatch(1);
                Callable<Boolean> claimOne = () -> {
                    go.await();
                    return one.claim("dinas-sosial", id, "node-1", LEASE);
                };
                Callable<Boolean> claimTwo = () -> {
                    go.await();
                    return two.claim("dinas-sosial", id, "node-2", LEASE);
                };
                Future<Boolean> a = threads.submit(claimOne);
                Future<Boolean> b = threads.submit(claimTwo);
                go.countDown();
                assertThat(List.of(a.get(), b.get())).as("upload %d", i).containsExactlyInAnyOrder(true, false);
                assertThat(one.find("dinas-sosial", id).orElseThrow().state())
                        .isEqualTo(PortalUploadLedger.State.SUBMITTING);
            }
        } finally {
            threads.shutdownNow();
        }
        String id = String.format("upload-%015d", 0);
        two.registered(id, 41);
        assertThat(one.find("dinas-sosial", id).orElseThrow().fileId()).isEqualTo(41L);
        one.submitted(id, null);
        PortalUploadLedger.Upload done = two.find("dinas-sosial", id).orElseThrow();
        assertThat(done.state()).isEqualTo(PortalUploadLedger.State.SUBMITTED);
        assertThat(done.fileId()).as("kept from the registration").isEqualTo(41L);
        assertThat(two.copyContent(id, dir.resolve("gone"))).as("the bytes are deleted").isFalse();
        assertThat(two.claim("dinas-sosial", id, "node-2", LEASE)).isFalse();
    }

    @Test
    void aLapsedClaimIsTakenOverByOneProcessOnlyAndItsOwnerCannotRenewItAnyMore() throws Exception {
        db = migrated();
        PortalUploadLedger one = ledger();
        PortalUploadLedger two = ledger();
        one.store("v".repeat(22), "dinas-sosial", "klerk-b", "pekerja.csv", "ef".repeat(32), file("x\n"));
        assertThat(one.claim("dinas-sosial", "v".repeat(22), "node-1", LEASE)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(two.lapsed(10)).as("the lease holds").isEmpty();
        assertThat(two.takeOver("v".repeat(22), "node-2", LEASE)).isFalse();
        assertThat(one.renew("v".repeat(22), "node-1", LEASE)).isTrue();
        assertThat(two.renew("v".repeat(22), "node-2", LEASE)).as("not its lease").isFalse();

        clock.advance(Duration.ofMinutes(3));
        assertThat(two.lapsed(10)).extracting(PortalUploadLedger.Upload::id).containsExactly("v".repeat(22));
        assertThat(two.takeOver("v".repeat(22), "node-2", LEASE)).isTrue();
        assertThat(one.takeOver("v".repeat(22), "node-3", LEASE)).as("taken over already").isFalse();
        assertThat(one.renew("v".repeat(22), "node-1", LEASE)).as("the old owner stops").isFalse();
        assertThat(two.lapsed(10)).isEmpty();
        assertThat(two.find("dinas-sosial", "v".repeat(22)).orElseThrow().attempts()).isEqualTo(2);
        Path copy = dir.resolve("copy");
        assertThat(two.copyContent("v".repeat(22), copy)).as("the bytes are there for the resumed intake").isTrue();
    }

    @Test
    void uploadsNeverSubmittedExpireWithTheirBytesAndOthersStay() throws Exception {
        db = migrated();
        PortalUploadLedger one = ledger();
        one.store("old-uploaded-000000000", "dinas-sosial", "klerk-b", "a.csv", "01".repeat(32), file("a\n"));
        one.store("old-submitting-0000000", "dinas-sosial", "klerk-b", "b.csv", "02".repeat(32), file("b\n"));
        assertThat(one.claim("dinas-sosial", "old-submitting-0000000", "node-1", Duration.ofHours(2))).isTrue();
        clock.advance(Duration.ofMinutes(50));
        one.store("new-uploaded-000000000", "dinas-sosial", "klerk-b", "c.csv", "03".repeat(32), file("c\n"));
        clock.advance(Duration.ofMinutes(15));

        assertThat(ledger().sweep(Duration.ofMinutes(60))).isEqualTo(1);
        assertThat(ledger().sweep(Duration.ofMinutes(60))).as("another replica's sweep finds nothing").isZero();

        assertThat(one.find("dinas-sosial", "old-uploaded-000000000").orElseThrow().state())
                .isEqualTo(PortalUploadLedger.State.EXPIRED);
        assertThat(one.copyContent("old-uploaded-000000000", dir.resolve("a"))).isFalse();
        assertThat(one.claim("dinas-sosial", "old-uploaded-000000000", "node-1", LEASE)).as("expired").isFalse();
        assertThat(one.find("dinas-sosial", "old-submitting-0000000").orElseThrow().state())
                .isEqualTo(PortalUploadLedger.State.SUBMITTING);
        assertThat(one.copyContent("new-uploaded-000000000", dir.resolve("c"))).isTrue();

        clock.advance(PortalUploadLedger.FORGET_AFTER.plusMinutes(1));
        ledger().sweep(Duration.ofMinutes(60));
        assertThat(one.find("dinas-sosial", "old-uploaded-000000000")).as("forgotten after a week").isEmpty();
        List<String> left = new ArrayList<>();
        for (String id : List.of("old-submitting-0000000", "new-uploaded-000000000")) {
            one.find("dinas-sosial", id).ifPresent(u -> left.add(u.id() + "=" + u.state()));
        }
        assertThat(left).containsExactly("old-submitting-0000000=SUBMITTING", "new-uploaded-000000000=EXPIRED");
    }
}
