package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enroller route's circuit breaker: it opens on failures of the endpoint (here 503s) and then
 * lets no call through, as an outage that uses up no attempts; refused batches and refused
 * credentials mean BPJS is up and never open it. Window of 4 calls, open at 50 % failed.
 */
class EnrollerCircuitRouteTest {

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

    private static Map<String, String> settings(String secret) {
        Map<String, String> s = new HashMap<>(EnrollerCallRouteTest.settings(sim, secret, sim.config().userKey()));
        s.put("jamsos.breaker.windowCalls", "4");
        s.put("jamsos.breaker.minimumCalls", "4");
        s.put("jamsos.breaker.failureRatePercent", "50");
        s.put("jamsos.breaker.openSeconds", "60");
        s.put("jamsos.breaker.halfOpenCalls", "1");
        // Every job is a call, not held back between credential checks.
        s.put("jamsos.bpjs.credentialsCheckSeconds", "0");
        return s;
    }

    /** What each of {@code jobs} jobs failed with. */
    private static List<Exception> failures(EnrollerRoute route, int jobs, long firstNik) throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            failures.add(route.send(EnrollerRoute.job(200 + i, 1, firstNik + i)).getException());
        }
        return failures;
    }

    @Test
    void failuresOfTheEndpointOpenItAndThenNoCallIsMade() throws Exception {
        try (EnrollerRoute route = EnrollerRoute.start(settings(sim.config().secret()))) {
            sim.faults().failNext(503, 503, 503, 503);

            List<Exception> failed = failures(route, 4, 9671014505930001L);

            assertThat(failed).allSatisfy(e -> assertThat(e).isInstanceOf(TransientDeliveryException.class)
                    .hasMessageContaining("HTTP 503"));
            assertThat(route.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            // Counted against their jobs while the breaker was closed; the one that opened it is an outage.
            assertThat(failed).extracting(e -> ((TransientDeliveryException) e).isOutage())
                    .containsExactly(false, false, false, true);
            long calls = sim.stats().totalRequests();

            Exception refused = route.send(EnrollerRoute.job(299, 1, 9671014505930099L)).getException();

            assertThat(refused).isInstanceOfSatisfying(TransientDeliveryException.class, e -> {
                assertThat(e.getMessage()).startsWith("circuit open");
                assertThat(e.isOutage()).as("uses up none of the job's attempts").isTrue();
                assertThat(e.retryAfterMillis()).isEqualTo(60_000);
            });
            assertThat(sim.stats().totalRequests()).as("no call while open").isEqualTo(calls);
        }
    }

    @Test
    void batchesBpjsRefusesDoNotOpenIt() throws Exception {
        try (EnrollerRoute route = EnrollerRoute.start(settings(sim.config().secret()))) {
            sim.faults().failNext(400, 400, 400, 400, 400, 400);

            assertThat(failures(route, 6, 9671014505940001L))
                    .allSatisfy(e -> assertThat(e).isInstanceOf(PermanentDeliveryException.class));

            assertThat(route.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(route.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
            assertThat(route.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(4);
        }
    }

    @Test
    void refusedCredentialsDoNotOpenIt() throws Exception {
        try (EnrollerRoute route = EnrollerRoute.start(settings("wrong-secret"))) {
            assertThat(failures(route, 6, 9671014505950001L))
                    .allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(CredentialsRefusedException.class,
                            refused -> assertThat(refused.answered()).isTrue()));

            assertThat(sim.stats().status4xx()).isEqualTo(6);
            assertThat(route.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(route.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }
}
