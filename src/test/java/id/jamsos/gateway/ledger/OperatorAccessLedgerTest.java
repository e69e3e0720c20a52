package id.jamsos.gateway.ledger;

import id.jamsos.gateway.ops.LoginThrottle;
import id.jamsos.gateway.ops.LoginThrottle.Verdict;
import id.jamsos.gateway.ops.OperatorSessions;
import id.jamsos.gateway.support.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: operator sessions and failed logins are the ledger's, so two replicas (two ledger objects
 * over one database, as two gateway processes have) see the same ones; the whole gateways over HTTP:
 * routes/OperatorSessionsAcrossGatewaysTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorAccessLedgerTest {

    static final Instant START = Instant.parse("2026-03-01T01:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(8);
    static final Duration WINDOW = Duration.ofMinutes(5);

    abstract TestDatabase fresh();

    TestDatabase db;
    private TestDatabase shared;
    final MutableClock clock = new MutableClock(START);

    /**
     * The class's one migrated database (a migration per test was most of this class's time), its two
     * tables emptied: each test starts from no session and no failed login, as on a fresh database.
     */
    TestDatabase open() {
        if (shared == null) {
            TestDatabase d = fresh();
            LedgerMigrations.migrate(d.dataSource());
            shared = d;
        } else {
            try (Connection c = shared.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM operator_session");
                s.executeUpdate("DELETE FROM operator_login_failure");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
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
            try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                dbNow = DbTime.get(rs, 1);
            }
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
        assertThat(throttle.attempt("10.0.0.9", false)).isEqualTo(Verdict.WRONG);
        assertThat(throttle.attempt("10.0.0.9", true)).isEqualTo(Verdict.THROTTLED);

        // Move the rows back by the database's reckoning: the session's idle time and the address's
        // window are over now.
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE operator_session SET idle_until = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");
            st.executeUpdate("UPDATE operator_login_failure SET window_start = CURRENT_TIMESTAMP - INTERVAL '301' SECOND");
        }
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(throttle.attempt("10.0.0.9", true)).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void failuresOnTwoReplicasAddUpToOneLock() {
        db = open();
        LoginThrottle one = throttle(LedgerTime.of(clock), 3, 100);
        LoginThrottle two = throttle(LedgerTime.of(clock), 3, 100);
        assertThat(one.attempt("10.0.0.1", false)).isEqualTo(Verdict.WRONG);
        assertThat(two.attempt("10.0.0.1", false)).isEqualTo(Verdict.WRONG);
        assertThat(one.attempt("10.0.0.1", false)).isEqualTo(Verdict.WRONG);
        assertThat(two.attempt("10.0.0.1", true)).isEqualTo(Verdict.THROTTLED);
        assertThat(one.attempt("10.0.0.2", true)).isEqualTo(Verdict.ADMITTED);
        clock.advance(WINDOW);
        assertThat(two.attempt("10.0.0.1", false)).as("the window is over: a new one starts at one").isEqualTo(Verdict.WRONG);
        assertThat(one.attempt("10.0.0.1", false)).isEqualTo(Verdict.WRONG);
        assertThat(one.attempt("10.0.0.1", true)).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void aSuccessOnOneReplicaForgetsTheAddressOnBothButNotTheOverallCount() {
        db = open();
        LoginFailureLedger ledger = new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.of(clock));
        LoginThrottle one = throttle(LedgerTime.of(clock), 3, 4);
        LoginThrottle two = throttle(LedgerTime.of(clock), 3, 4);
        one.attempt("10.0.0.1", false);
        two.attempt("10.0.0.1", false);
        assertThat(two.attempt("10.0.0.1", true)).isEqualTo(Verdict.ADMITTED);
        assertThat(ledger.failures("10.0.0.1")).isEqualTo(new LoginFailureLedger.Failures(0, 2));
        one.attempt("10.0.0.3", false);
        two.attempt("10.0.0.4", false);
        assertThat(one.attempt("10.0.0.5", false)).as("four failures overall").isEqualTo(Verdict.THROTTLED);
    }

    @Test
    void concurrentFailuresOnTwoReplicasAreEachCounted() throws Exception {
        db = open();
        LoginFailureLedger one = new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.DATABASE);
        LoginFailureLedger two = new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.DATABASE);
        List<Boolean> counted = inParallel(40, i -> (i % 2 == 0 ? one : two).failed(i % 4 < 2 ? "10.0.0.1" : "10.0.0.2",
                1_000, 1_000));
        assertThat(counted).containsOnly(true);
        assertThat(one.failures("10.0.0.1")).isEqualTo(new LoginFailureLedger.Failures(20, 40));
        assertThat(two.failures("10.0.0.2")).isEqualTo(new LoginFailureLedger.Failures(20, 40));
    }

    /**
     * Guesses sent at once from one address, to both replicas: exactly the limit of them are counted
     * and answered as wrong guesses, the rest refused as throttled, and the right secret among the late
     * ones too. The limit is read and the count raised in one UPDATE; a read of the count followed by
     * an insert let every guess that read before the others wrote through.
     */
    @Test
    void guessesSentAtOnceFromOneAddressGetNoMoreThanTheLimit() throws Exception {
        db = open();
        LoginThrottle one = throttle(LedgerTime.DATABASE, 3, 1_000);
        LoginThrottle two = throttle(LedgerTime.DATABASE, 3, 1_000);
        List<Verdict> verdicts = inParallel(40, i -> (i % 2 == 0 ? one : two).attempt("10.0.0.1", false));
        assertThat(verdicts.stream().filter(Verdict.WRONG::equals).count()).isEqualTo(3);
        assertThat(verdicts.stream().filter(Verdict.THROTTLED::equals).count()).isEqualTo(37);
        assertThat(new LoginFailureLedger(db.dataSource(), WINDOW, LedgerTime.DATABASE).failures("10.0.0.1"))
                .isEqualTo(new LoginFailureLedger.Failures(3, 3));
        assertThat(one.attempt("10.0.0.1", true)).isEqualTo(Verdict.THROTTLED);
    }

    /**
     * A logout on another replica between a session's read and the write of its new idle end: the
     * session is not live. The UPDATE that moves the idle end finds it live, or the answer is no.
     */
    @Test
    void aSessionClosedBetweenItsReadAndItsTouchIsNotLive() {
        db = open();
        AtomicReference<Runnable> afterRead = new AtomicReference<>();
        OperatorSessionLedger interleaved = new OperatorSessionLedger(afterReading(db.dataSource(), afterRead), IDLE,
                LIFETIME, 1_000, LedgerTime.of(clock));
        OperatorSessionLedger other = sessionLedger(LedgerTime.of(clock), 1_000);
        other.open("session-a");
        other.open("session-b");
        // Long enough for its idle end to be written again on use.
        clock.advance(Duration.ofMinutes(5));
        assertThat(interleaved.use("session-b")).isTrue();

        afterRead.set(() -> other.close("session-a"));
        assertThat(interleaved.use("session-a")).as("logged out while being checked").isFalse();
        assertThat(afterRead.get()).as("the logout ran between the read and the write").isNull();
        assertThat(other.use("session-a")).isFalse();
        assertThat(other.size()).isEqualTo(1);
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    static <T> List<T> inParallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> task.run(index));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code dataSource}, except that after the first query on the operator_session table the action
     * set in {@code afterRead} (if any) runs once, before the caller sees the rows.
     */
    static DataSource afterReading(DataSource dataSource, AtomicReference<Runnable> afterRead) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, ca) -> {
                                Object r = invoke(c, cm, ca);
                                if (!(r instanceof PreparedStatement ps) || !String.valueOf(ca[0]).contains("operator_session")) {
                                    return r;
                                }
                                return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                        new Class<?>[] {PreparedStatement.class}, (sp, sm, sa) -> {
                                            Object rows = invoke(ps, sm, sa);
                                            if ("executeQuery".equals(sm.getName())) {
                                                Runnable action = afterRead.getAndSet(null);
                                                if (action != null) {
                                                    action.run();
                                                }
                                            }
                                            return rows;
                                        });
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
