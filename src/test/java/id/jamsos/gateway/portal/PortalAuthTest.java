package id.jamsos.gateway.portal;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.PortalSessionLedger;
import id.jamsos.gateway.ops.LoginThrottle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login decision of {@link PortalAuth} on an H2 ledger: locks before hashes, per name and address. */
class PortalAuthTest {

    static final String PASSWORD = "rahasia-sekali";

    HikariDataSource db;
    PortalAuth auth;
    Path yaml;
    /** The registry as the AgencyReloader holds it: a reload of agencies.yaml replaces it. */
    final java.util.concurrent.atomic.AtomicReference<AgencyRegistry> agencies = new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        db = LedgerDataSource.create(LedgerDataSource.h2MemUrl("portal-auth-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(db);
        yaml = dir.resolve("agencies.yaml");
        agencies.set(registryWith(PasswordHash.of(PASSWORD.toCharArray(), 10_000)));
        auth = new PortalAuth(agencies::get, new LoginThrottle(new LoginFailureLedger(db, Duration.ofMinutes(5),
                LedgerTime.DATABASE, LoginFailureLedger.PORTAL), 3, 100), new PortalSessionLedger(db,
                Duration.ofMinutes(30), Duration.ofHours(8), 1_000, LedgerTime.DATABASE), false);
    }

    private AgencyRegistry registryWith(String hash) throws Exception {
        Files.writeString(yaml, "agencies:\n  - id: dinas-sosial\n    name: dinas-sosial\n    host: sftp.example\n"
                + "    user: dinas-sosial\n    password_env: PW\n    strict_host_key_checking: false\n"
                + "    region_code: 9671\n    portal_users:\n      - username: klerk\n        password_hash: \""
                + hash + "\"\n");
        return AgencyRegistry.load(yaml, Map.of("PW", "x")::get);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static int status(Runnable login) {
        try {
            login.run();
            return 200;
        } catch (PortalRefusal r) {
            return r.status();
        }
    }

    @Test
    void aRightPasswordOpensASession() {
        String[] signedIn = auth.signIn("10.0.0.1", "klerk", PASSWORD);
        assertThat(signedIn[0]).isEqualTo("dinas-sosial");
        assertThat(auth.sessionLive(signedIn[1])).isTrue();
        assertThat(auth.sessionLive("A".repeat(43))).isFalse();
    }

    /**
     * agencies.yaml reloaded with a new hash for the clerk (a new password, or a leaked one replaced): the
     * sessions opened with the old one end at their next request, and stay ended when the old hash comes
     * back; a login with the new password holds.
     */
    @Test
    void aChangedPasswordHashEndsTheSessionsOpenedWithTheOldOne() throws Exception {
        String[] before = auth.signIn("10.0.5.1", "klerk", PASSWORD);
        assertThat(auth.sessionLive(before[1])).isTrue();
        AgencyRegistry old = agencies.get();

        agencies.set(registryWith(PasswordHash.of("kata-sandi-baru".toCharArray(), 10_000)));
        assertThat(auth.sessionLive(before[1])).as("opened with the old hash").isFalse();
        String[] after = auth.signIn("10.0.5.1", "klerk", "kata-sandi-baru");
        assertThat(auth.sessionLive(after[1])).isTrue();

        agencies.set(old);
        assertThat(auth.sessionLive(before[1])).as("ended for good, not only while the hash differs").isFalse();
        assertThat(auth.sessionLive(after[1])).isFalse();
        assertThat(PortalAuth.fingerprint("pbkdf2-sha256$1$a$b")).hasSize(64).doesNotContain("pbkdf2");
    }

    /** Guesses at one name from many addresses lock that name; other names and addresses are not locked. */
    @Test
    void aUserNameIsLockedAfterItsFailuresFromAnyAddress() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(status(() -> auth.signIn("10.0.1." + n, "klerk", "salah"))).isEqualTo(303);
        }
        assertThat(status(() -> auth.signIn("10.0.2.1", "klerk", PASSWORD))).isEqualTo(429);
        // The addresses that guessed are not locked by it: an unknown name from one is a plain failure.
        assertThat(status(() -> auth.signIn("10.0.1.0", "nobody", "salah"))).isEqualTo(303);
    }

    /** A locked address is refused before any hash: even with every hashing permit taken, 429, not 503. */
    @Test
    void theLockIsCheckedBeforeTheHashAndAtMostTwoHashesRun() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(status(() -> auth.signIn("10.0.3.1", "nobody", "salah"))).isEqualTo(303);
        }
        assertThat(auth.hashing.tryAcquire(2)).isTrue();
        try {
            assertThat(status(() -> auth.signIn("10.0.3.1", "klerk", PASSWORD))).isEqualTo(429);
            assertThatThrownBy(() -> auth.signIn("10.0.3.2", "klerk", PASSWORD))
                    .isInstanceOfSatisfying(PortalRefusal.class, r -> assertThat(r.status()).isEqualTo(503));
        } finally {
            auth.hashing.release(2);
        }
        assertThat(status(() -> auth.signIn("10.0.3.2", "klerk", PASSWORD))).isEqualTo(200);
    }

    /** A password typed into the name field stays out of the audit log: only existing users are named. */
    @Test
    void theAuditNamesOnlyAUserThatExists() {
        org.apache.logging.log4j.core.Logger audit = (org.apache.logging.log4j.core.Logger)
                org.apache.logging.log4j.LogManager.getLogger(PortalAudit.LOGGER);
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.logging.log4j.core.appender.AbstractAppender appender =
                new org.apache.logging.log4j.core.appender.AbstractAppender("portal-audit-test", null, null, true,
                        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                    @Override
                    public void append(org.apache.logging.log4j.core.LogEvent event) {
                        lines.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        audit.addAppender(appender);
        try {
            status(() -> auth.signIn("10.0.4.1", "Rahasia2024", "salah"));
            status(() -> auth.signIn("10.0.4.1", "klerk", "salah"));
        } finally {
            audit.removeAppender(appender);
        }
        assertThat(lines).containsExactly("portal audit: login failed user=? from 10.0.4.1",
                "portal audit: login failed user=klerk from 10.0.4.1");
    }

    @Test
    void theForwardedClientCountsOnlyFromATrustedProxy() {
        Set<String> proxies = Set.of("10.9.9.9");
        assertThat(PortalAuth.clientOf("10.9.9.9", "1.2.3.4, 203.0.113.7", proxies)).isEqualTo("203.0.113.7");
        assertThat(PortalAuth.clientOf("10.9.9.8", "203.0.113.7", proxies)).isEqualTo("10.9.9.8");
        assertThat(PortalAuth.clientOf("10.9.9.9", null, proxies)).isEqualTo("10.9.9.9");
        assertThat(PortalAuth.clientOf("10.9.9.9", "203.0.113.7", Set.of())).isEqualTo("10.9.9.9");
    }
}
