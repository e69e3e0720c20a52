package id.jamsos.gateway.ledger;

import id.jamsos.gateway.ops.LoginThrottle;
import id.jamsos.gateway.ops.OperatorSessions;
import id.jamsos.gateway.support.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: operator sessions and failed logins are the ledger's, so two replicas (two ledger objects
 * over one database, as two gateway processes have) see the same ones; the whole gateways over HTTP:
 * routes/OperatorSessionsAcrossGatewaysTest.
 */
abstract class OperatorAccessLedgerTest {

    static final Instant START = Instant.parse("2026-03-01T01:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(8);
    static final Duration WINDOW = Duration.ofMinutes(5);

    abstract TestDatabase fresh();

    TestDatabase db;
    final MutableClock clock = new MutableClock(START);

    TestDatabase open() {
        TestDatabase d = fresh();
        LedgerMigrations.migrate(d.dataSource());
        return d;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    OperatorSessionLedger sessionLedger(LedgerTime time, int max) {
        return new OperatorSessionLedger(db.dataSource(), IDLE, LIFETIME, max, time);
    }

    OperatorSessions sessions(LedgerTime time) {
        return new OperatorSessions(sessionLedger(time, 1_000));
    }

    LoginThrottle throttle(LedgerTime time, int perClient, int overall) {
        return new LoginThrottle(new LoginFailureLedger(db.dataSource(), WINDOW, time), perClient, overall);
    }

    @Test
    void aSessionOpenedOnOneReplicaWorksOnTheOtherUntilALogoutOnEither() {
        db = open();
        OperatorSessions one = sessions(LedgerTime.DATABASE);
        OperatorSessions two = sessions(LedgerTime.DATABASE);
        OperatorSessions.Session a = one.open();
        OperatorSessions.Session b = one.open();

        assertThat(two.find(a.id())).as("same id, same anti-forgery token").contains(a);
        two.close(a.id());
        assertThat(one.find(a.id())).isEmpty();
        assertThat(two.find(a.id())).isEmpty();
        assertThat(two.find(b.id())).contains(b);
        one.close(b.id());
        assertThat(two.find(b.id())).isEmpty();
    }

    @Test
    void onlyADigestOfTheSessionIdIsStoredNeitherTheIdNorItsToken() throws SQLException {
        db = open();
        OperatorSessions.Session s = sessions(LedgerTime.DATABASE).open();
        List<String> stored = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM operator_session")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    stored.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        assertThat(stored).contains(OperatorSessionLedger.key(s.id()));
        assertThat(String.join("|", stored)).doesNotContain(s.id()).doesNotContain(s.csrfToken());
    }

    @Test
    void aSessionEndsWhenIdleOrAtItsLifetimeOnEveryReplica() {
        db = open();
        OperatorSessions one = sessions(LedgerTime.of(clock));
        OperatorSessions two = sessions(LedgerTime.of(clock));
        OperatorSessions.Session idle = one.open();
        OperatorSessions.Session busy = one.open();

        // Used on alternate replicas every 25 minutes, the busy one lives its full lifetime.
        for (int i = 1; i * 25L < LIFETIME.toMinutes(); i++) {
            clock.advance(Duration.ofMinutes(25));
            assertThat((i % 2 == 0 ? one : two).valid(busy.id())).as("used at minute " + i * 25).isTrue();
        }
        assertThat(two.valid(idle.id())).as("unused for hours").isFalse();
        clock.set(START.plus(LIFETIME));
        assertThat(one.valid(busy.id())).as("at the end of its lifetime").isFalse();
    }

    @Test
    void endedSessionsAreDeletedAndOnlyTheNewestAreKept() {
        db = open();
        OperatorSessionLedger ledger = sessionLedger(LedgerTime.of(clock), 3);
        OperatorSessions sessions = new OperatorSessions(ledger);
        List<OperatorSessions.Session> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            opened.add(sessions.open());
        }
        assertThat(ledger.size()).isEqualTo(3);
        assertThat(sessions.find(opened.get(0).id())).as("the oldest went first").isEmpty();
        assertThat(sessions.find(opened.get(4).id())).isPresent();

        clock.advance(IDLE.plusMinutes(1));
        sessions.open();
        assertThat(ledger.size()).as("the ended ones deleted, the new one kept").isEqualTo(1);
    }

    /**
     * Production asks the database what time it is (LedgerTime.DATABASE): a row the database's own
     * clock says has ended is refused, whatever this JVM's clock says.
     */
    @Test
    void theDatabasesClockDecidesWhenASessionOrALockEnds() throws SQLException {
        db = open();
        OperatorSessions sessions = sessions(LedgerTime.DATABASE);
        OperatorSessions.Session s = sessions.open();
        Instant dbNow;
        try (Connection c = db.dataSource().getConnection()) {
            dbNow = LedgerTime.DATABASE.now(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at, idle_until, expires_at FROM operator_session");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Instant created = DbTime.get(rs, "created_at");
                assertThat(Duration.between(created, dbNow)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
                assertThat(DbTime.get(rs, "idle_until")).isEqualTo(created.plus(IDLE));
                assertThat(DbTime.get(rs, "expires_at")).isEqualTo(created.plus(LIFETIME));
            }
        }
        LoginThrottle throttle = throttle(LedgerTime.DATABASE, 1, 100);
        throttle.failure("10.0.0.9");
        assertThat(throttle.blocked("10.0.0.9")).isTrue();

        // Move the rows back by the database's reckoning: the session's idle time and the address's
        // window are over now.
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE operator_session SET idle_until = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");
            st.executeUpdate("UPDATE operator_login_failure SET window_start = CURRENT_TIMESTAMP - INTERVAL '301' SECOND");
        }
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(throttle.blocked("10.0.0.9")).isFalse();
    }

    @Test
    void failuresOnTwoReplicasAddUpToOneLock() {
        db = open();
        LoginThrottle one = throttle(LedgerTime.of(clock), 3, 100);
        LoginThrottle two = throttle(LedgerTime.of(clock), 3, 100);
        one.failure("10.0.0.1");
        two.failure("10.0.0.1");
        assertThat(one.blocked("10.0.0.1")).isFalse();
        one.failure("10.0.0.1");
        assertThat(two.blocked("10.0.0.1")).isTrue();
        assertThat(one.blocked("10.0.0.2")).isFalse();
        clock.advance(WINDOW);
        assertThat(two.blocked("10.0.0.1")).as("the window is over").isFalse();
        two.failure("10.0.0.1");
        assertThat(one.blocked("10.0.0.1")).as("a new window starts at one").isFalse();
    }

    @Test
    void aSuccessOnOneReplicaForgetsTheAddressOnBothButNotTheOverallCount() {
        db = open();
        LoginThrottle one = throttle(LedgerTime.of(clock), 2, 4);
        LoginThrottle two = throttle(LedgerTime.of(clock), 2, 4);
        one.failure("10.0.0.1");
        two.failure("10.0.0.1");
        assertThat(one.blocked("10.0.0.1")).isTrue();
        two.success("10.0.0.1");
        assertThat(one.blocked("10.0.0.1")).isFalse();
        one.failure("10.0.0.3");
        two.failure("10.0.0.4");
        assertThat(one.blocked("10.0.0.5")).as("four failures overall").isTrue();
    }

    @Test
    void concurrentFailuresOnTwoReplicasAreEachCounted() throws Exception {
        db = open();
        LoginFailureLedger one = new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.DATABASE);
        LoginFailureLedger two = new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.DATABASE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                LoginFailureLedger replica = i % 2 == 0 ? one : two;
                String client = i % 4 < 2 ? "10.0.0.1" : "10.0.0.2";
                tasks.add(() -> {
                    replica.failed(client);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(one.failures("10.0.0.1")).isEqualTo(new LoginFailureLedger.Failures(20, 40));
        assertThat(two.failures("10.0.0.2")).isEqualTo(new LoginFailureLedger.Failures(20, 40));
    }
}
