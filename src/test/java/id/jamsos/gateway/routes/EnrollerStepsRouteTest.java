package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.enrollment.BatchAnswers;
import id.jamsos.gateway.enrollment.BatchRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.CredentialsRefusedException;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.enrollment.PermanentDeliveryException;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/enroller.camel.yaml alone: a job opened from the broker goes through the circuit breaker, is
 * signed, let through by the throttle and sent to BPJS (a local stand-in, so that the test sees what
 * the HTTP producer really puts on the wire), and its outcomes are recorded. The route's error
 * handling (enroller-errors) is replaced by a small one that parks a refused job and hands any other
 * failure to mock:failed, so that each test sees what the route itself threw; error-handling.camel.yaml
 * has its own test (EnrollerErrorsRouteTest).
 */
class EnrollerStepsRouteTest extends RouteTestSupport {

    private static final String CONS_ID = "route-test";
    private static final String SECRET = "route-test-secret";
    private static final String USER_KEY = "route-test-user-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final PersonalDataCipher PII = PersonalDataCipher.forTests();
    private static final BpjsStub BPJS = startBpjs();

    private final RecordedOutcomes outcomes = new RecordedOutcomes();
    /** When each call was let through by the throttle (System.nanoTime). */
    private final List<Long> throttlePassed = new CopyOnWriteArrayList<>();
    private CircuitBreaker breaker;

    @Override
    protected String routeFile() {
        return "routes/enroller.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.bpjs.url", BPJS.url(),
                // Two calls per 1.1 s, so that the third of three jobs sent at once has to wait.
                "jamsos.bpjs.maxRequestsPerSecond", "2",
                "jamsos.enroller.concurrency", "2");
    }

    @Override
    protected void routeConfigurations(RouteConfigurationBuilder builder) {
        RouteConfigurationDefinition errors = builder.routeConfiguration("enroller-errors");
        errors.onException(PermanentDeliveryException.class).handled(true).to("direct:park-job");
        errors.onException(Exception.class).handled(true).to("mock:failed");
    }

    /** The beans the route calls, made as EnrollerWiring makes them; only the ledger is a fake. */
    @Override
    protected void bindToRegistry(Registry registry) {
        Clock clock = Clock.systemUTC();
        CredentialsAlarm credentials = new CredentialsAlarm(CONS_ID, Duration.ofSeconds(30), 1_000, clock);
        // As EndpointCircuitBreaker builds it, with a window of two calls so that two failures open it.
        breaker = CircuitBreaker.of("bpjs-endpoint", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(EndpointFailures::endpointFailed).build());
        HttpComponent http = new HttpComponent();
        http.setAutomaticRetriesDisabled(true);
        registry.bind("http", http);
        registry.bind("bpjsCircuitBreaker", breaker);
        registry.bind("endpointFailures", new EndpointFailures(breaker));
        registry.bind(CredentialsAlarm.BEAN, credentials);
        registry.bind("jobSeal", new JobSeal(PII, false));
        registry.bind("batchRequests", new BatchRequests());
        registry.bind("bpjsSigner", new RequestSigner(CONS_ID, SECRET, USER_KEY, clock));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("batchAnswers", new BatchAnswers(JSON, credentials));
        registry.bind("outcomeRecorder", outcomes);
        registry.bind("otherPayers", new id.jamsos.gateway.enrollment.OtherPayers(JSON, clock,
                java.time.ZoneId.of("Asia/Jayapura")));
    }

    @BeforeEach
    void replaceTheBrokerAndTheReports() throws Exception {
        AdviceWith.adviceWith(context, "enroller", a -> {
            a.replaceFromWith("direct:enroller");
            a.weaveByToUri("direct:file-reports").replace().to("mock:file-reports");
            a.weaveById("bpjs-rate").after().process(e -> throttlePassed.add(System.nanoTime()));
        });
        AdviceWith.adviceWith(context, "park-job", a -> {
            a.weaveByToUri("activemq:*").replace().to("mock:parked");
            a.weaveByToUri("direct:file-reports").replace().to("mock:file-reports");
        });
        start();
    }

    @AfterAll
    static void stopBpjs() {
        BPJS.close();
    }

    @Test
    void aJobIsSentSignedWithOnlyTheSignatureHeadersAndItsOutcomesAreRecorded() throws Exception {
        int before = BPJS.requests().size();
        outcomes.reportsDueAfter = 41L;
        MockEndpoint reports = getMockEndpoint("mock:file-reports");
        reports.expectedHeaderReceived(Headers.REPORTS_DUE, 41L);

        // As the broker hands it over: JMS headers and the intake's own beside the sealed job.
        template.sendBodyAndHeaders("direct:enroller", sealed(job(41, "r41-1", "r41-2")),
                Map.of("JMSMessageID", "ID:test-1", "JMSXDeliveryCount", 1, "JamsosFileId", 41L,
                        "JamsosAgencyId", "AG1"));

        List<BpjsStub.Request> sent = BPJS.requests().subList(before, BPJS.requests().size());
        assertThat(sent).hasSize(1);
        BpjsStub.Request call = sent.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.pathAndQuery()).isEqualTo("/bpjstk/v1/peserta/batch");
        long timestamp = Long.parseLong(call.header(BpjsSignature.TIMESTAMP));
        assertThat(call.header(BpjsSignature.CONS_ID)).isEqualTo(CONS_ID);
        assertThat(call.header(BpjsSignature.SIGNATURE)).isEqualTo(BpjsSignature.sign(CONS_ID, timestamp, SECRET));
        assertThat(call.header(BpjsSignature.USER_KEY)).isEqualTo(USER_KEY);
        // None of the broker's or the gateway's own headers leave the gateway.
        assertThat(call.headers().keySet()).noneMatch(h -> h.startsWith("jamsos") || h.startsWith("jms")
                || h.startsWith("camel"));
        assertThat(JSON.readTree(call.body()).path("peserta").findValuesAsText("refId"))
                .containsExactly("r41-1", "r41-2");

        assertThat(outcomes.recorded).hasSize(1);
        assertThat(outcomes.recorded.get(0)).extracting(RowOutcome::fileId, RowOutcome::rowNo, RowOutcome::state,
                        RowOutcome::kpj)
                .containsExactly(tuple(41L, 1, RowState.ENROLLED, "KPJ-r41-1"),
                        tuple(41L, 2, RowState.ENROLLED, "KPJ-r41-2"));
        // The signature stays off whatever follows the call (the ledger, the parked queue, logs).
        assertThat(outcomes.headersAtRecord).doesNotContainKeys(BpjsSignature.CONS_ID, BpjsSignature.TIMESTAMP,
                BpjsSignature.SIGNATURE, BpjsSignature.USER_KEY);
        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint("mock:failed").getReceivedCounter()).isZero();
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void twoAnswers503OpenTheBreakerAndTheNextJobFailsAsAnOutageWithoutACall() throws Exception {
        BPJS.answerNext(BpjsStub.Answer.json(503, "{}"), BpjsStub.Answer.json(503, "{}"));
        int before = BPJS.requests().size();
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(3);

        for (int file = 1; file <= 3; file++) {
            template.sendBody("direct:enroller", sealed(job(file, "r" + file)));
        }

        MockEndpoint.assertIsSatisfied(context);
        assertThat(BPJS.requests().size() - before).as("calls that reached BPJS").isEqualTo(2);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        List<Exchange> failures = failed.getReceivedExchanges();
        // The fallback marks what failed; the step after the breaker throws it for the error handler.
        for (Exchange e : failures) {
            assertThat(e.getProperty(Headers.DELIVERY_FAILURE)).isSameAs(caught(e));
        }
        assertThat(caught(failures.get(0))).isInstanceOf(TransientDeliveryException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(((TransientDeliveryException) caught(failures.get(0))).isOutage()).isFalse();
        assertThat(caught(failures.get(2))).isInstanceOf(TransientDeliveryException.class)
                .hasMessageStartingWith("circuit open");
        assertThat(((TransientDeliveryException) caught(failures.get(2))).isOutage()).isTrue();
        assertThat(outcomes.recorded).isEmpty();
    }

    @Test
    void aRefusedBatchDoesNotCountAgainstTheBreakerAndIsParkedSealedOnTheParkedQueue() throws Exception {
        String refused = "{\"metaData\":{\"code\":\"400\",\"message\":\"format peserta tidak valid\"},\"response\":null}";
        BPJS.answerNext(BpjsStub.Answer.json(400, refused), BpjsStub.Answer.json(400, refused));
        MockEndpoint parked = getMockEndpoint("mock:parked");
        parked.expectedMessageCount(2);

        template.sendBody("direct:enroller", sealed(job(51, "r51")));
        template.sendBody("direct:enroller", sealed(job(52, "r52")));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint("mock:failed").getReceivedCounter()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(outcomes.parked).extracting(EnrollmentJob::fileId).containsExactly(51L, 52L);
        assertThat(outcomes.parkReasons).allSatisfy(r -> assertThat(r).contains("HTTP 400"));
        // The parked queue gets the job itself, sealed again, for an operator to replay.
        String body = parked.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertThat(body).startsWith("enc:");
        EnrollmentJob back = JSON.readValue(new JobSeal(PII, false).open(body), EnrollmentJob.class);
        assertThat(back).isEqualTo(job(51, "r51"));
    }

    @Test
    void refusedCredentialsHoldTheNextJobWithoutACall() throws Exception {
        BPJS.answerNext(BpjsStub.Answer.json(401,
                "{\"metaData\":{\"code\":\"401\",\"message\":\"signature tidak valid\"},\"response\":null}"));
        int before = BPJS.requests().size();
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(2);

        template.sendBody("direct:enroller", sealed(job(61, "r61")));
        template.sendBody("direct:enroller", sealed(job(62, "r62")));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(BPJS.requests().size() - before).isEqualTo(1);
        assertThat(failed.getReceivedExchanges()).allSatisfy(e ->
                assertThat(caught(e)).isInstanceOf(CredentialsRefusedException.class));
        assertThat(((CredentialsRefusedException) caught(failed.getReceivedExchanges().get(0))).answered()).isTrue();
        assertThat(((CredentialsRefusedException) caught(failed.getReceivedExchanges().get(1))).answered()).isFalse();
        // BPJS answered: the endpoint is up, whatever it thinks of the credentials.
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void theThrottleLetsTwoCallsStartPerPeriodAndHoldsTheThird() throws Exception {
        int before = BPJS.requests().size();
        for (int file = 71; file <= 73; file++) {
            template.sendBody("direct:enroller", sealed(job(file, "r" + file)));
        }

        assertThat(BPJS.requests().size() - before).isEqualTo(3);
        assertThat(throttlePassed).hasSize(3);
        long secondAfterFirst = (throttlePassed.get(1) - throttlePassed.get(0)) / 1_000_000;
        long thirdAfterFirst = (throttlePassed.get(2) - throttlePassed.get(0)) / 1_000_000;
        assertThat(secondAfterFirst).as("ms between the first two calls let through").isLessThan(900);
        // A permit comes back 1.1 s after it was taken.
        assertThat(thirdAfterFirst).as("ms between the first and the third call let through")
                .isGreaterThanOrEqualTo(1_000);
        assertThat(outcomes.recorded).hasSize(3);
    }

    private static Throwable caught(Exchange e) {
        return e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static EnrollmentJob job(long fileId, String... refIds) {
        List<EnrollmentJob.Item> items = new ArrayList<>();
        for (int i = 0; i < refIds.length; i++) {
            items.add(new EnrollmentJob.Item(i + 1, "Abepura", new EnrollmentRequest(refIds[i],
                    "91710" + String.format("%011d", fileId * 10 + i), "Worker " + refIds[i], "1990-01-31", "L",
                    "Jayapura", "Jl. Percetakan 1", "Vim", "Abepura", "081200000000", "Nelayan", 2_500_000L,
                    List.of("JKK", "JKM"), "9171")));
        }
        return new EnrollmentJob(fileId, "AG1", "file-" + fileId + ".csv", items);
    }

    private static String sealed(EnrollmentJob job) throws IOException {
        return PII.encryptText(JSON.writeValueAsString(job), CipherContext.ENROLLMENT_JOB);
    }

    /** BPJS enrolling every worker of a batch: KPJ-<refId> for each. */
    private static BpjsStub startBpjs() {
        try {
            return BpjsStub.start(request -> {
                try {
                    ArrayNode hasil = JSON.createArrayNode();
                    for (JsonNode p : JSON.readTree(request.body()).path("peserta")) {
                        ObjectNode r = hasil.addObject();
                        r.put("refId", p.path("refId").asText());
                        r.put("code", "200");
                        r.put("message", "OK");
                        r.put("kpj", "KPJ-" + p.path("refId").asText());
                    }
                    ObjectNode envelope = JSON.createObjectNode();
                    envelope.putObject("metaData").put("code", "200").put("message", "OK");
                    envelope.putObject("response").set("hasil", hasil);
                    return BpjsStub.Answer.json(200, JSON.writeValueAsString(envelope));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stands in for OutcomeRecorder, which writes to the ledger: keeps what the route asked it to record. */
    public static final class RecordedOutcomes {
        final List<List<RowOutcome>> recorded = new CopyOnWriteArrayList<>();
        final List<EnrollmentJob> parked = new CopyOnWriteArrayList<>();
        final List<String> parkReasons = new CopyOnWriteArrayList<>();
        volatile Map<String, Object> headersAtRecord = Map.of();
        /** The file whose last open row this records, as the ledger would say; null for none. */
        volatile Long reportsDueAfter;

        public void record(@ExchangeProperty(Headers.JOB) EnrollmentJob job, @Body List<RowOutcome> rows,
                           @org.apache.camel.Headers Map<String, Object> headers) {
            recorded.add(List.copyOf(rows));
            headersAtRecord = Map.copyOf(headers);
            if (reportsDueAfter != null && reportsDueAfter == job.fileId()) {
                headers.put(Headers.REPORTS_DUE, job.fileId());
            }
        }

        public void park(@ExchangeProperty(Headers.JOB) EnrollmentJob job,
                         @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
            parked.add(job);
            parkReasons.add(String.valueOf(cause.getMessage()));
        }
    }
}
