package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enroller route's throttle, counted where it matters: at BPJS (the simulator counts the
 * requests that arrive in each second of its clock). Jobs come from four threads at once, as from
 * four consumers, with nothing else slowing them down.
 */
class EnrollerRateRouteTest {

    static BpjsSimulator sim;

    @BeforeAll
    static void start() {
        sim = BpjsSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private static Map<String, String> settings(int maxRequestsPerSecond) {
        Map<String, String> s = new HashMap<>(EnrollerCallRouteTest.settings(sim, sim.config().secret(),
                sim.config().userKey()));
        s.put("jamsos.bpjs.maxRequestsPerSecond", Integer.toString(maxRequestsPerSecond));
        return s;
    }

    /** {@code jobs} one-row jobs from four threads; the outcomes of all of them. */
    private static List<RowOutcome> enrollFromFourThreads(EnrollerRoute route, int jobs, long firstNik) throws Exception {
        ExecutorService consumers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<RowOutcome>>> done = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                EnrollmentJob job = EnrollerRoute.job(100 + i, 1, firstNik + i);
                done.add(consumers.submit(() -> route.enroll(job)));
            }
            List<RowOutcome> outcomes = new ArrayList<>();
            for (Future<List<RowOutcome>> f : done) {
                outcomes.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void noMoreThanTheAgreedNumberOfCallsReachBpjsInAnySecond() throws Exception {
        int limit = 4;
        try (EnrollerRoute route = EnrollerRoute.start(settings(limit))) {
            // Warm: the first call of each thread opens its connection and loads classes, and so may
            // reach BPJS later than calls the throttle let go after it (the window counts starts).
            enrollFromFourThreads(route, 4, 9671014505909001L);
            Thread.sleep(1100);
            sim.reset();

            List<RowOutcome> outcomes = enrollFromFourThreads(route, 14, 9671014505910001L);

            Map<Long, Integer> perSecond = sim.stats().requestsPerSecond();
            System.out.println("[rate] 14 jobs from 4 threads at a limit of " + limit + "/s: requests per second at BPJS "
                    + perSecond.values());
            assertThat(outcomes).hasSize(14).allSatisfy(o -> assertThat(o.state()).isEqualTo(RowState.ENROLLED));
            assertThat(perSecond.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
            assertThat(sim.stats().maxRequestsInAnySecond()).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void eachCallIsSignedAfterItsWaitAtTheThrottle() throws Exception {
        // One call per 1.1 s: the fifth of five jobs arriving together waits about 4.4 s for its turn.
        // Signed before that wait, it would reach BPJS with a timestamp 4 s old; a long queue of jobs
        // would push it past BPJS's window and every call after the first few would be refused.
        try (EnrollerRoute route = EnrollerRoute.start(settings(1))) {
            List<RowOutcome> outcomes = enrollFromFourThreads(route, 5, 9671014505930001L);

            assertThat(outcomes).hasSize(5).allSatisfy(o -> assertThat(o.state()).isEqualTo(RowState.ENROLLED));
            assertThat(sim.stats().requestsPerSecond().size()).as("the throttle spread the calls").isGreaterThanOrEqualTo(4);
            // Whole seconds: signed at x.99 and arrived at y.01 is one second old.
            assertThat(sim.stats().maxTimestampAgeSeconds()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        // A throttle of 0 permits would hold every job for ever; 0 is the bench's setting.
        try (EnrollerRoute route = EnrollerRoute.start(settings(0))) {
            List<RowOutcome> outcomes = enrollFromFourThreads(route, 12, 9671014505920001L);

            assertThat(outcomes).hasSize(12).allSatisfy(o -> assertThat(o.state()).isEqualTo(RowState.ENROLLED));
        }
    }
}
