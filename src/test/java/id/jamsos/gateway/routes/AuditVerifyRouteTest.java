package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditJob;
import id.jamsos.gateway.ledger.AuditLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * routes/audit.camel.yaml alone: the leader's timer verifies the chain, and a changed entry turns the
 * job's check (the status page's "auditTrail") and its meter to broken.
 */
class AuditVerifyRouteTest extends RouteTestSupport {

    private final HikariDataSource ledger = ledgerDatabase("audit-verify-route");
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
    private final AuditLedger trail = new AuditLedger(ledger, PersonalDataCipher.forTests().derivedKey("audit"), clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditJob job = new AuditJob(trail, 60, 1000, clock, meters);

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Override
    protected String routeFile() {
        return "routes/audit.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.audit.verifyIntervalMs", "100", "jamsos.audit.verifyDelayMs", "0");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("auditJob", job);
        registry.bind("intakeLeadership", new AlwaysLeader());
    }

    @Test
    void theTimerVerifiesAndAChangedEntryShowsAsBroken() throws Exception {
        for (int i = 0; i < 3; i++) {
            trail.append(new AuditEvent(AuditEvent.CLERK, "clerk" + i, "dinsos", "LOGIN", "", "", "10.0.0.1"));
        }
        start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> job.lastVerify().map(v -> v.checked() == 3).orElse(false));
        assertThat(job.intact()).isTrue();
        assertThat(meters.get("jamsos.audit.chain.broken").gauge().value()).isZero();

        try (Connection c = ledger.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_entry SET action = 'DOWNLOAD' WHERE seq = 2");
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> !job.intact());
        assertThat(job.lastVerify().orElseThrow().firstBroken()).isEqualTo(2);
        assertThat(meters.get("jamsos.audit.chain.broken").gauge().value()).isEqualTo(1.0);
    }
}
