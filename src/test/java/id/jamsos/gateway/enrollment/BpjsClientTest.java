package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against the real simulator over loopback HTTP: answers read, failures sorted. */
class BpjsClientTest {

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

    private static BpjsClient client(String url, String secret) {
        SimulatorConfig c = sim.config();
        return new BpjsClient(url, c.consId(), secret, c.userKey(), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Json.mapper(), Clock.systemUTC());
    }

    private static EnrollmentRequest request(String refId, String nik) {
        return new EnrollmentRequest(refId, nik, "Yohana Kambu", "1990-05-05", "P", "Sorong", null, null,
                "Sorong Timur", null, "pedagang", 1_000_000L, List.of("JKK", "JKM"), "9671");
    }

    @Test
    void enrollsABatchAndReadsOneResultPerRequest() {
        List<EnrollmentResult> results = client(sim.baseUrl(), sim.config().secret())
                .enroll(List.of(request("r1", "9671014505900001"), request("r2", "9671014505900002")));

        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(EnrollmentResult.ENROLLED);
            assertThat(r.kpj()).matches("\\d{11}");
        });
        assertThat(results.get(0).refId()).isEqualTo("r1");
    }

    @Test
    void aWorkerAlreadyRegisteredComesBackWith208AndTheSameKpj() {
        BpjsClient client = client(sim.baseUrl(), sim.config().secret());
        String kpj = client.enroll(List.of(request("r1", "9671014505900001"))).get(0).kpj();

        EnrollmentResult again = client.enroll(List.of(request("other-file-r9", "9671014505900001"))).get(0);

        assertThat(again.code()).isEqualTo(EnrollmentResult.ALREADY_REGISTERED);
        assertThat(again.kpj()).isEqualTo(kpj);
        assertThat(again.isMember()).isTrue();
    }

    @Test
    void http503IsTransient() {
        sim.faults().failNext(503);
        assertThatThrownBy(() -> client(sim.baseUrl(), sim.config().secret()).enroll(List.of(request("r1", "9671014505900001"))))
                .isInstanceOf(TransientDeliveryException.class)
                .hasMessageContaining("503");
    }

    @Test
    void http429IsTransientAndKeepsRetryAfter() {
        sim.faults().rateLimitPerSecond(1);
        BpjsClient client = client(sim.baseUrl(), sim.config().secret());
        TransientDeliveryException refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            try {
                client.enroll(List.of(request("r" + i, String.format("96710145059%05d", i + 1))));
            } catch (TransientDeliveryException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("429");
        assertThat(refused.retryAfterMillis()).isEqualTo(1000);
    }

    @Test
    void aRefusedConnectionIsTransient() {
        assertThatThrownBy(() -> client("http://127.0.0.1:9", "x").enroll(List.of(request("r1", "9671014505900001"))))
                .isInstanceOf(TransientDeliveryException.class)
                .hasMessageContaining("unreachable");
    }

    /** A client with its own credentials alarm, checking again every {@code checkEvery}. */
    private static BpjsClient client(String secret, String userKey, CredentialsAlarm alarm) {
        SimulatorConfig c = sim.config();
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("test");
        return new BpjsClient(sim.baseUrl(), c.consId(), secret, userKey, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Json.mapper(), Clock.systemUTC(), breaker, new SlidingWindowRateLimiter(0, 0), BpjsTls.none(), alarm);
    }

    @Test
    void aWrongSecretIsARefusalOfTheCredentialsNotOfTheRows() {
        CredentialsAlarm alarm = new CredentialsAlarm("JAMSOS-SORONG", Duration.ofMinutes(5), 0, Clock.systemUTC());
        assertThatThrownBy(() -> client("wrong-secret", sim.config().userKey(), alarm)
                .enroll(List.of(request("r1", "9671014505900001"))))
                .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> {
                    assertThat(e.answered()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("401");
                    // Like an outage: never counted against the job's attempts.
                    assertThat(e.isOutage()).isTrue();
                });
        assertThat(alarm.current()).hasValueSatisfying(r ->
                assertThat(r.whatToFix()).contains("jamsos.bpjs.consId (now JAMSOS-SORONG)", "JAMSOS_BPJS_SECRET"));
    }

    @Test
    void aWrongUserKeyTripsTheAlarmAndLaterDeliveriesAreHeldWithoutACall() {
        CredentialsAlarm alarm = new CredentialsAlarm("JAMSOS-SORONG", Duration.ofMinutes(5), 0, Clock.systemUTC());
        BpjsClient client = client(sim.config().secret(), "wrong-user-key", alarm);

        assertThatThrownBy(() -> client.enroll(List.of(request("r1", "9671014505900001"))))
                .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> assertThat(e.code()).isEqualTo("403"));
        assertThat(alarm.current()).hasValueSatisfying(r -> {
            assertThat(r.answer()).startsWith("HTTP 401, metaData 403 Invalid user_key");
            assertThat(r.whatToFix()).contains("JAMSOS_BPJS_USERKEY");
        });
        long calls = sim.stats().totalRequests();

        assertThatThrownBy(() -> client.enroll(List.of(request("r2", "9671014505900002"))))
                .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> {
                    assertThat(e.answered()).isFalse();
                    assertThat(e.retryAfterMillis()).isPositive();
                });
        assertThat(sim.stats().totalRequests()).as("held back without a call").isEqualTo(calls);
    }

    @Test
    void onceBpjsAcceptsTheCredentialsTheAlarmClears() {
        // Checks again at once: the next call is the check.
        CredentialsAlarm alarm = new CredentialsAlarm("JAMSOS-SORONG", Duration.ZERO, 0, Clock.systemUTC());
        assertThatThrownBy(() -> client(sim.config().secret(), "wrong-user-key", alarm)
                .enroll(List.of(request("r1", "9671014505900001")))).isInstanceOf(CredentialsRefusedException.class);
        assertThat(alarm.current()).isPresent();

        List<EnrollmentResult> results = client(sim.config().secret(), sim.config().userKey(), alarm)
                .enroll(List.of(request("r1", "9671014505900001")));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(EnrollmentResult.ENROLLED));
        assertThat(alarm.current()).isEmpty();
    }

    @Test
    void retryAfterIsReadInSeconds() {
        assertThat(BpjsClient.retryAfterMillis("3")).isEqualTo(3000);
        assertThat(BpjsClient.retryAfterMillis(null)).isZero();
        assertThat(BpjsClient.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    }
}
