package id.jamsos.gateway.ledger;

import id.jamsos.gateway.ops.LoginThrottle;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clerks' portal sessions and failed logins (V25) are the ledger's: two replicas (two ledger objects
 * over one database) see the same session with its agency, a logout on one ends it on both, and failed
 * logins are counted together, apart from the operators'. The whole portal: portal/PortalBrowserTest.
 */
abstract class PortalAccessLedgerTest {

    abstract TestDatabase fresh();

    TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    PortalSessionLedger sessions() {
        return new PortalSessionLedger(db.dataSource(), Duration.ofMinutes(30), Duration.ofHours(8), 1_000,
                LedgerTime.DATABASE);
    }

    @Test
    void aSessionKnowsItsAgencyOnEveryReplicaUntilALogoutOnEither() {
        db = fresh();
        LedgerMigrations.migrate(db.dataSource());
        PortalSessionLedger one = sessions();
        PortalSessionLedger two = sessions();
        one.open("a".repeat(43), "dinas-sosial", "klerk-b", "f1");
        one.open("b".repeat(43), "distrik-sorong-timur", "klerk-a", "f2");

        assertThat(two.use("a".repeat(43))).contains(new PortalSessionLedger.Owner("dinas-sosial", "klerk-b", "f1"));
        assertThat(two.use("b".repeat(43))).contains(new PortalSessionLedger.Owner("distrik-sorong-timur", "klerk-a", "f2"));
        assertThat(two.use("c".repeat(43))).isEmpty();
        two.close("a".repeat(43));
        assertThat(one.use("a".repeat(43))).isEmpty();
        assertThat(one.use("b".repeat(43))).isPresent();
        assertThat(one.size()).isEqualTo(1);
    }

    @Test
    void clerksFailedLoginsAreCountedApartFromTheOperators() {
        db = fresh();
        LedgerMigrations.migrate(db.dataSource());
        LoginFailureLedger portal = new LoginFailureLedger(db.dataSource(), Duration.ofMinutes(5), LedgerTime.DATABASE,
                LoginFailureLedger.PORTAL);
        LoginFailureLedger operators = new LoginFailureLedger(db.dataSource(), Duration.ofMinutes(5),
                LedgerTime.DATABASE);
        LoginThrottle clerks = new LoginThrottle(portal, 2, 100);
        assertThat(clerks.attempt("10.0.0.7", false)).isEqualTo(LoginThrottle.Verdict.WRONG);
        assertThat(clerks.attempt("10.0.0.7", false)).isEqualTo(LoginThrottle.Verdict.WRONG);
        assertThat(clerks.attempt("10.0.0.7", true)).isEqualTo(LoginThrottle.Verdict.THROTTLED);
        assertThat(portal.failures("10.0.0.7")).isEqualTo(new LoginFailureLedger.Failures(2, 2));
        assertThat(operators.failures("10.0.0.7")).isEqualTo(new LoginFailureLedger.Failures(0, 0));
        assertThat(new LoginThrottle(operators, 2, 100).attempt("10.0.0.7", true))
                .isEqualTo(LoginThrottle.Verdict.ADMITTED);
    }
}
