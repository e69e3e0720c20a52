package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enroller route's call to BPJS, against the real simulator over loopback HTTP: answers read
 * into row outcomes, failures sorted into transient, refused credentials and permanent.
 */
class EnrollerCallRouteTest {

    static BpjsSimulator sim;
    static EnrollerRoute route;

    @BeforeAll
    static void start() throws Exception {
        sim = BpjsSimulator.start(SimulatorConfig.defaults());
        route = EnrollerRoute.start(settings(sim, sim.config().secret(), sim.config().userKey()));
    }

    static Map<String, String> settings(BpjsSimulator sim, String secret, String userKey) {
        SimulatorConfig c = sim.config();
        return Map.of("jamsos.bpjs.url", sim.baseUrl(), "jamsos.bpjs.consId", c.consId(),
                "jamsos.bpjs.secret", secret, "jamsos.bpjs.userKey", userKey,
                "jamsos.bpjs.maxRequestsPerSecond", "0",
                "jamsos.bpjs.requestTimeoutMs", "3000",
                // A breaker that does not open within a test of this class.
                "jamsos.breaker.windowCalls", "1000", "jamsos.breaker.minimumCalls", "1000");
    }

    @AfterAll
    static void stop() {
        if (route != null) {
            route.close();
        }
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    @Test
    void enrollsABatchAndRecordsOneOutcomePerRow() throws Exception {
        List<RowOutcome> outcomes = route.enroll(EnrollerRoute.job(1, 2, 9671014505900001L));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes).extracting(RowOutcome::rowNo).containsExactly(1, 2);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(RowState.ENROLLED);
            assertThat(o.kpj()).matches("[0-9A-Z]{7}\\d{4}");
            assertThat(o.fileId()).isEqualTo(1);
        });
        assertThat(sim.stats().enrollmentRequests()).isEqualTo(1);
    }

    @Test
    void aWorkerAlreadyRegisteredIsEnrolledWithTheSameKpjAndBpjsSaysSo() throws Exception {
        String kpj = route.enroll(EnrollerRoute.job(2, 1, 9671014505900011L)).get(0).kpj();

        RowOutcome again = route.enroll(EnrollerRoute.job(3, 1, 9671014505900011L)).get(0);

        assertThat(again.state()).isEqualTo(RowState.ENROLLED);
        assertThat(again.kpj()).isEqualTo(kpj);
        assertThat(again.reason()).startsWith("BPJS 208");
    }

    @Test
    void aWorkerAnotherPayerCoversEndsOtherPayerAfterASignedLookupRetriedWhenBpjsCouldNotAnswer() throws Exception {
        String kpj = sim.addMemberPaidBy("9671014505900031", null, "PEMBERI_KERJA", "NPP-7788", "PT Sorong Jaya",
                java.time.YearMonth.of(2024, 1));
        // A route of its own: the fault goes in right before the look-up, not the batch call.
        try (EnrollerRoute own = EnrollerRoute.start(settings(sim, sim.config().secret(), sim.config().userKey()))) {
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            org.apache.camel.builder.AdviceWith.adviceWith(own.context, "bpjs-membership-call",
                    a -> a.weaveById("bpjs-membership-lookup").before().process(e -> {
                        if (lookups.incrementAndGet() == 1) {
                            sim.faults().failNext(503);
                        }
                    }));
            long before = sim.stats().status5xx();

            List<RowOutcome> outcomes = own.enroll(EnrollerRoute.job(14, 2, 9671014505900030L));

            assertThat(outcomes.get(0).state()).isEqualTo(RowState.ENROLLED);
            RowOutcome other = outcomes.get(1);
            assertThat(other.state()).isEqualTo(RowState.OTHER_PAYER);
            assertThat(other.kpj()).isEqualTo(kpj);
            assertThat(other.reason()).contains("pemberi kerja PT Sorong Jaya (NPP-7788)", "KPJ " + kpj,
                    "employer PT Sorong Jaya (NPP-7788)");
            assertThat(lookups).as("the look-up, once failed with 503 and made again").hasValue(2);
            // At least the one injected: the simulator is shared by the class, and a request an earlier test left
            // held (the timeout test holds answers 4 s) may end as a 5xx inside this window (seen once in a full run).
            // That the look-up failed once and was made again is held exactly by the count of look-ups above.
            assertThat(sim.stats().status5xx() - before).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theSignatureAndTheAnswersHeadersDoNotTravelOnWithTheMessage() throws Exception {
        Exchange done = route.send(EnrollerRoute.job(4, 1, 9671014505900021L));

        assertThat(done.getException()).isNull();
        // The user_key is a credential: after the call it must not reach the parked queue or a log.
        assertThat(done.getMessage().getHeaders().keySet())
                .noneMatch(h -> h.equalsIgnoreCase("user_key") || h.toLowerCase().startsWith("x-"))
                .noneMatch(h -> h.equalsIgnoreCase("Date") || h.equalsIgnoreCase("Content-Length"));
        // The call's HTTP headers (a look-up's path carries /nik/<NIK>) do not travel on either.
        assertThat(done.getMessage().getHeaders().keySet()).noneMatch(h -> h.startsWith("CamelHttp"));
    }

    @Test
    void aLookUpBpjsCannotAnswerAfterItsRetriesKeepsTheRowEnrolledAndTheBatchIsRecorded() throws Exception {
        sim.addMemberPaidBy("9671014505900041", null, "PEMBERI_KERJA", "NPP-7788", "PT Sorong Jaya",
                java.time.YearMonth.of(2024, 1));
        try (EnrollerRoute own = EnrollerRoute.start(settings(sim, sim.config().secret(), sim.config().userKey()))) {
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            org.apache.camel.builder.AdviceWith.adviceWith(own.context, "bpjs-membership-call",
                    a -> a.weaveById("bpjs-membership-lookup").before().process(e -> {
                        lookups.incrementAndGet();
                        sim.faults().failNext(503);
                    }));

            Exchange done = own.send(EnrollerRoute.job(15, 2, 9671014505900040L));

            assertThat(done.getException()).as("the job is not failed by the look-up").isNull();
            assertThat(lookups.get()).as("the look-up and its retries").isGreaterThan(1);
            @SuppressWarnings("unchecked")
            List<RowOutcome> outcomes = done.getMessage().getBody(List.class);
            assertThat(outcomes).extracting(RowOutcome::state).containsExactly(RowState.ENROLLED, RowState.ENROLLED);
            assertThat(outcomes.get(1).reason()).startsWith("BPJS 208");
            assertThat(done.getMessage().getHeaders().keySet()).noneMatch(h -> h.startsWith("CamelHttp"));
            assertThat(done.getMessage().getHeaders().values()).noneMatch(v -> String.valueOf(v).contains("9671014505900041"));
        } finally {
            sim.reset();
        }
    }

    @Test
    void theCallAsksForJsonAndCarriesNothingOfTheGatewaysOwn() throws Exception {
        String sealed = route.seal(EnrollerRoute.job(13, 1, 9671014505900111L));
        Exchange done = route.context.createProducerTemplate().send("direct:jobs", e -> {
            e.getMessage().setBody(sealed);
            // As the broker and the intake leave them on a job.
            e.getMessage().setHeader("JMSMessageID", "ID:broker-1");
            e.getMessage().setHeader("JamsosFileId", 13L);
        });

        assertThat(done.getException()).isNull();
        assertThat(sim.stats().requestsNotAcceptingJson()).isZero();
        assertThat(sim.stats().headerNames()).contains("accept", "x-signature");
        assertThat(sim.stats().foreignHeaderNames()).isEmpty();
    }

    @Test
    void http503IsTransientAndNotRetriedBehindTheRoutesBack() {
        sim.faults().failNext(503, 503);
        assertThatThrownBy(() -> route.enroll(EnrollerRoute.job(5, 1, 9671014505900031L)))
                .isInstanceOfSatisfying(TransientDeliveryException.class, e -> {
                    assertThat(e.getMessage()).contains("503");
                    assertThat(e.isOutage()).as("the breaker is closed: the failure counts for the job").isFalse();
                });
        // Apache HttpClient's own retry after a 503 with Retry-After would hide it from the error
        // handler and the breaker.
        assertThat(sim.stats().totalRequests()).isEqualTo(1);
    }

    @Test
    void http429IsTransientAndKeepsRetryAfter() {
        sim.faults().failNext(429);
        assertThatThrownBy(() -> route.enroll(EnrollerRoute.job(6, 1, 9671014505900041L)))
                .isInstanceOfSatisfying(TransientDeliveryException.class, e -> {
                    assertThat(e.getMessage()).contains("429");
                    assertThat(e.retryAfterMillis()).isEqualTo(1000);
                });
    }

    @Test
    void anAnswerPastTheRequestTimeoutIsTransient() {
        sim.faults().timeoutRate(1.0).timeoutHoldMs(4000);
        assertThatThrownBy(() -> route.enroll(EnrollerRoute.job(7, 1, 9671014505900051L)))
                .isInstanceOfSatisfying(TransientDeliveryException.class,
                        e -> assertThat(e.getMessage()).startsWith("endpoint unreachable").containsIgnoringCase("timeout"));
    }

    @Test
    void aBatchBpjsRefusesIsPermanent() {
        sim.faults().failNext(400);
        assertThatThrownBy(() -> route.enroll(EnrollerRoute.job(8, 1, 9671014505900061L)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("HTTP 400");
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        try (EnrollerRoute unreachable = EnrollerRoute.start(Map.of("jamsos.bpjs.url", "http://127.0.0.1:9",
                "jamsos.bpjs.consId", "JAMSOS-SORONG", "jamsos.bpjs.secret", "x"))) {
            assertThatThrownBy(() -> unreachable.enroll(EnrollerRoute.job(9, 1, 9671014505900071L)))
                    .isInstanceOf(TransientDeliveryException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void aWrongSecretIsARefusalOfTheCredentialsNotOfTheRows() throws Exception {
        try (EnrollerRoute wrong = EnrollerRoute.start(settings(sim, "wrong-secret", sim.config().userKey()))) {
            assertThatThrownBy(() -> wrong.enroll(EnrollerRoute.job(10, 1, 9671014505900081L)))
                    .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> {
                        assertThat(e.answered()).isTrue();
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("401");
                        // Like an outage: never counted against the job's attempts.
                        assertThat(e.isOutage()).isTrue();
                    });
            assertThat(wrong.credentials.current()).hasValueSatisfying(r ->
                    assertThat(r.whatToFix()).contains("jamsos.bpjs.consId (now " + sim.config().consId() + ")",
                            "JAMSOS_BPJS_SECRET"));
        }
    }

    @Test
    void aWrongUserKeyTripsTheAlarmAndLaterJobsAreHeldWithoutACall() throws Exception {
        try (EnrollerRoute wrong = EnrollerRoute.start(settings(sim, sim.config().secret(), "wrong-user-key"))) {
            assertThatThrownBy(() -> wrong.enroll(EnrollerRoute.job(11, 1, 9671014505900091L)))
                    .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> assertThat(e.code()).isEqualTo("403"));
            assertThat(wrong.credentials.current()).hasValueSatisfying(r -> {
                assertThat(r.answer()).startsWith("HTTP 401, metaData 403 Invalid user_key");
                assertThat(r.whatToFix()).contains("JAMSOS_BPJS_USERKEY");
            });
            long calls = sim.stats().totalRequests();

            assertThatThrownBy(() -> wrong.enroll(EnrollerRoute.job(12, 1, 9671014505900101L)))
                    .isInstanceOfSatisfying(CredentialsRefusedException.class, e -> {
                        assertThat(e.answered()).isFalse();
                        assertThat(e.retryAfterMillis()).isPositive();
                    });
            assertThat(sim.stats().totalRequests()).as("held back without a call").isEqualTo(calls);
        }
    }

    @Test
    void retryAfterIsReadInSeconds() {
        assertThat(BatchAnswers.retryAfterMillis("3")).isEqualTo(3000);
        assertThat(BatchAnswers.retryAfterMillis(null)).isZero();
        assertThat(BatchAnswers.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    }
}
