package id.jamsos.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.LedgerAuditTrail;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PortalSessionLedger;
import id.jamsos.gateway.ops.LoginThrottle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 at a call site: a clerk's logins, right and wrong, land in the chained audit trail of the
 * ledger (audit_entry) through the {@code auditTrail} bean's class, without the password; and when the
 * trail cannot be written the login still goes on, counted in the failure meter.
 */
class PortalAuditTrailTest {

    static final String PASSWORD = "rahasia-sekali";

    HikariDataSource db;
    PortalAuth auth;
    AuditLedger trail;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        db = LedgerDataSource.create(LedgerDataSource.h2MemUrl("portal-audit-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(db);
        String hash = PasswordHash.of(PASSWORD.toCharArray(), 10_000);
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, "agencies:\n  - id: dinas-sosial\n    name: dinas-sosial\n    host: sftp.example\n"
                + "    user: dinas-sosial\n    password_env: PW\n    strict_host_key_checking: false\n"
                + "    region_code: 9671\n    portal_users:\n      - username: klerk\n        password_hash: \""
                + hash + "\"\n");
        AgencyRegistry registry = AgencyRegistry.load(yaml, Map.of("PW", "x")::get);
        trail = new AuditLedger(db, PersonalDataCipher.forTests().derivedKey("audit"), Clock.systemUTC());
        auth = new PortalAuth(() -> registry, new LoginThrottle(new LoginFailureLedger(db, Duration.ofMinutes(5),
                LedgerTime.DATABASE, LoginFailureLedger.PORTAL), 3, 100), new PortalSessionLedger(db,
                Duration.ofMinutes(30), Duration.ofHours(8), 1_000, LedgerTime.DATABASE), false)
                .auditTo(new LedgerAuditTrail(trail, meters));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void loginsLandInTheAuditTrailWithoutThePassword() {
        try {
            auth.signIn("10.0.4.1", "klerk", "salah");
        } catch (PortalRefusal failed) {
            assertThat(failed.status()).isEqualTo(303);
        }
        auth.signIn("10.0.4.2", "klerk", PASSWORD);

        List<AuditLedger.Entry> entries = trail.read(1, 10);
        assertThat(entries).extracting(AuditLedger.Entry::action).containsExactly("LOGIN", "LOGIN");
        assertThat(entries).extracting(AuditLedger.Entry::outcome).containsExactly(AuditEvent.FAILED, AuditEvent.OK);
        assertThat(entries.get(1).actorKind()).isEqualTo(AuditEvent.CLERK);
        assertThat(entries.get(1).actor()).isEqualTo("klerk");
        assertThat(entries.get(1).agency()).isEqualTo("dinas-sosial");
        assertThat(entries.get(1).clientAddress()).isEqualTo("10.0.4.2");
        assertThat(entries).allSatisfy(e -> assertThat(e.toString()).doesNotContain("salah", PASSWORD));
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void aTrailThatCannotBeWrittenDoesNotStopTheLoginAndIsCounted() throws Exception {
        auth.signIn("10.0.4.2", "klerk", PASSWORD);
        // The head changed outside the gateway: its HMAC no longer holds and appends are refused.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_head SET last_seq = 7");
        }

        String[] signedIn = auth.signIn("10.0.4.2", "klerk", PASSWORD);

        assertThat(auth.sessionLive(signedIn[1])).isTrue();
        assertThat(meters.get(LedgerAuditTrail.FAILURES).counter().count()).isEqualTo(1.0);
        assertThat(trail.read(1, 10)).hasSize(1);
    }
}
