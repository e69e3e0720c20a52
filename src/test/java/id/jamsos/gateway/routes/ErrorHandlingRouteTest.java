package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.claims.CallbackRefusedException;
import id.jamsos.gateway.claims.ClaimCallback;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.CredentialsRefusedException;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.PermanentDeliveryException;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.intake.FileFailures;
import id.jamsos.gateway.intake.UploadIncompleteException;
import id.jamsos.gateway.ops.HostKeyAlarm;
import id.jamsos.gateway.report.UploadRetries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/error-handling.camel.yaml alone: each route configuration tried on a small route that uses
 * it and fails the way the test says, with the real beans the configurations call. The enroller's
 * configuration decides between roll back (the exception goes back to the JMS consumer, which the
 * caller sees here), park (direct:park-job) and the dead-letter queue. claim-outbox-errors is tried in
 * ClaimOutboxRouteTest, on the route that names it.
 */
class ErrorHandlingRouteTest extends RouteTestSupport {

    private static final int MAX_ATTEMPTS = 3;
    private static final String NIK = "9171012345678901";
    private static final ObjectMapper JSON = Json.mapper();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger uploadTries = new AtomicInteger();

    @Override
    protected String routeFile() {
        return "routes/error-handling.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.delivery.maxAttempts", Integer.toString(MAX_ATTEMPTS),
                "jamsos.reports.uploadRetries", "2",
                "jamsos.reports.uploadRetryDelayMs", "10");
    }

    /** One small route per configuration; each fails with the exception the test hands it. */
    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:enroller").routeId("uses-enroller-errors").routeConfigurationId("enroller-errors")
                        .process(ErrorHandlingRouteTest::fail);
                from("direct:park-job").routeId("park-job").to("mock:park-job");
                from("direct:callback").routeId("uses-callback-errors").routeConfigurationId("callback-errors")
                        .process(ErrorHandlingRouteTest::fail);
                from("direct:retention").routeId("uses-retention-errors").routeConfigurationId("retention-errors")
                        .process(ErrorHandlingRouteTest::fail);
                from("direct:intake").routeId("uses-intake-errors").routeConfigurationId("intake-errors")
                        .process(ErrorHandlingRouteTest::fail);
                from("direct:sftp-write-AG1").routeId("sftp-write-AG1").to("mock:error-note");
                from("direct:upload").routeId("uses-writer-errors").routeConfigurationId("writer-errors")
                        .process(e -> {
                            uploadTries.incrementAndGet();
                            fail(e);
                        });
            }
        });
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("deliveryAttempts", new DeliveryAttempts(MAX_ATTEMPTS, 50, 0, 0));
        registry.bind(CredentialsAlarm.BEAN, new CredentialsAlarm("route-test", Duration.ofSeconds(30), 50,
                Clock.systemUTC()));
        // Only refuse() is used here: it needs neither the authenticator nor the processor.
        registry.bind("claimCallback", new ClaimCallback(null, null, JSON));
        registry.bind(HostKeyAlarm.BEAN, new HostKeyAlarm(meters, Clock.systemUTC()));
        registry.bind("uploadRetries", new UploadRetries(2, 10));
        // No ledger: the paths tried here fail files the intake has not registered yet, which the
        // ledger is not asked about.
        registry.bind("fileFailures", new FileFailures(null, 2, Duration.ofSeconds(10), Clock.systemUTC()));
        // Gateway binds the broker's component under this name; here it never connects: the sends to it
        // are mocked and skipped.
        registry.bind("activemq", new ActiveMQComponent());
    }

    @BeforeEach
    void replaceTheBroker() throws Exception {
        AdviceWith.adviceWith(context, "uses-enroller-errors", a -> a.mockEndpointsAndSkip("activemq:*"));
        start();
    }

    @Test
    void aRefusedJobIsParkedAtOnce() throws Exception {
        MockEndpoint park = getMockEndpoint("mock:park-job");
        park.expectedMessageCount(1);

        Exchange done = deliver("ID:refused", 1, new PermanentDeliveryException("endpoint refused the batch"));

        assertThat(done.getException()).as("handled: the message is acknowledged").isNull();
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aTransientFailureIsRolledBackUntilItsLastAttemptThenParked() throws Exception {
        MockEndpoint park = getMockEndpoint("mock:park-job");

        for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            Exchange done = deliver("ID:flaky", attempt, new TransientDeliveryException("endpoint answered HTTP 503"));
            assertThat(done.getException()).as("attempt %d rolled back for the broker to redeliver", attempt)
                    .isInstanceOf(TransientDeliveryException.class);
        }
        assertThat(park.getReceivedCounter()).isZero();

        Exchange last = deliver("ID:flaky", MAX_ATTEMPTS, new TransientDeliveryException("endpoint answered HTTP 503"));

        assertThat(last.getException()).isNull();
        assertThat(park.getReceivedCounter()).isEqualTo(1);
        assertThat(park.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                .hasMessage("endpoint answered HTTP 503");
    }

    @Test
    void failuresDuringAnOutageUseUpNoAttempts() throws Exception {
        MockEndpoint park = getMockEndpoint("mock:park-job");
        int delivery = 0;
        for (int i = 0; i < MAX_ATTEMPTS * 2; i++) {
            Exchange done = deliver("ID:outage", ++delivery, TransientDeliveryException.circuitOpen(0));
            assertThat(done.getException()).isInstanceOf(TransientDeliveryException.class);
        }
        for (int i = 1; i < MAX_ATTEMPTS; i++) {
            deliver("ID:outage", ++delivery, new TransientDeliveryException("connection refused"));
        }
        assertThat(park.getReceivedCounter()).as("parked before its own attempts were used up").isZero();

        deliver("ID:outage", ++delivery, new TransientDeliveryException("connection refused"));

        assertThat(park.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aJobHeldForRefusedCredentialsIsNeverParked() throws Exception {
        for (int delivery = 1; delivery <= MAX_ATTEMPTS * 2; delivery++) {
            Exchange done = deliver("ID:held", delivery, CredentialsRefusedException.held("HTTP 401", 0));
            assertThat(done.getException()).isInstanceOf(CredentialsRefusedException.class);
        }
        assertThat(getMockEndpoint("mock:park-job").getReceivedCounter()).isZero();
    }

    @Test
    void aJobTheLedgerKeepsRefusingIsParkedAfterItsAttempts() throws Exception {
        MockEndpoint park = getMockEndpoint("mock:park-job");
        for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            Exchange done = deliver("ID:ledger", attempt, new IllegalStateException("ledger down"));
            assertThat(done.getException()).isInstanceOf(IllegalStateException.class);
        }
        assertThat(park.getReceivedCounter()).isZero();

        deliver("ID:ledger", MAX_ATTEMPTS, new IllegalStateException("ledger down"));

        assertThat(park.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aMessageThatIsNoJobGoesToTheDeadLetterQueueAfterItsDeliveriesWithTheReasonMasked() throws Exception {
        MockEndpoint dlq = getMockEndpoint("mock:activemq:queue:DLQ.jamsos.enrollment");
        dlq.expectedMessageCount(1);
        IllegalArgumentException unreadable = new IllegalArgumentException("not a sealed job: " + NIK);

        Exchange early = send("direct:enroller", Map.of("JMSMessageID", "ID:junk", "JMSXDeliveryCount", 1),
                null, unreadable);
        assertThat(early.getException()).isSameAs(unreadable);
        assertThat(dlq.getReceivedCounter()).isZero();

        Exchange last = send("direct:enroller", Map.of("JMSMessageID", "ID:junk", "JMSXDeliveryCount", MAX_ATTEMPTS),
                null, unreadable);

        assertThat(last.getException()).isNull();
        MockEndpoint.assertIsSatisfied(context);
        String reason = dlq.getReceivedExchanges().get(0).getMessage().getHeader("JamsosDeadLetterReason", String.class);
        assertThat(reason).startsWith("not a sealed job").doesNotContain(NIK);
        assertThat(getMockEndpoint("mock:park-job").getReceivedCounter()).isZero();
    }

    @Test
    void aRefusedCallbackIsAnsweredWithItsStatusInTheEnvelope() throws Exception {
        Exchange refused = send("direct:callback", Map.of(), null,
                new CallbackRefusedException(401, "401", "Signature tidak valid / invalid signature"));

        assertThat(refused.getException()).isNull();
        assertThat(refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        JsonNode envelope = JSON.readTree(refused.getMessage().getBody(String.class));
        assertThat(envelope.path("metaData").path("code").asText()).isEqualTo("401");
        assertThat(envelope.path("response").isNull()).isTrue();

        Exchange failed = send("direct:callback", Map.of(), null, new IllegalStateException("ledger down"));

        assertThat(failed.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as("BPJS calls again on a 5xx")
                .isEqualTo(500);
        assertThat(failed.getMessage().getBody(String.class)).doesNotContain("ledger down");
    }

    @Test
    void aFileStillBeingUploadedIsLeftInTheInboxWithoutANote() {
        Exchange done = intake("big.csv", new UploadIncompleteException("big.csv is still growing"));

        assertThat(done.getException()).isInstanceOf(UploadIncompleteException.class);
        assertThat(getMockEndpoint("mock:error-note").getReceivedCounter()).isZero();
    }

    @Test
    void aFileThatKeepsFailingIsLeftInTheInboxOnceThenFailedWithANoteToTheAgency() {
        Exchange first = intake("x.csv", new IllegalStateException("ledger down"));
        assertThat(first.getException()).as("rolled back: the file stays in the inbox").isNotNull();
        assertThat(getMockEndpoint("mock:error-note").getReceivedCounter()).isZero();

        Exchange second = intake("x.csv", new IllegalStateException("ledger down"));

        assertThat(second.getException()).isNull();
        MockEndpoint note = getMockEndpoint("mock:error-note");
        assertThat(note.getReceivedCounter()).isEqualTo(1);
        assertThat(note.getReceivedExchanges().get(0).getMessage().getHeader(Exchange.FILE_NAME))
                .isEqualTo("x.csv.error.txt");
        assertThat(second.getProperty(Headers.ARCHIVE_DIR)).isEqualTo(".failed");
        // The agency reads a reference, not the error: that is for the operators' log.
        assertThat(note.getReceivedExchanges().get(0).getMessage().getBody(String.class)).doesNotContain("ledger down");
    }

    @Test
    void aFailedRetentionRunIsHandledAndEndsQuietly() {
        Exchange done = send("direct:retention", Map.of(), null, new IllegalStateException("ledger down"));

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).hasMessage("ledger down");
    }

    @Test
    void aFailedUploadIsTriedAgainThenGoesBackToTheCaller() {
        Exchange done = send("direct:upload", Map.of(Headers.AGENCY_ID, "AG1"), null,
                new IOException("disk full"));

        assertThat(uploadTries.get()).as("the first try and jamsos.reports.uploadRetries more").isEqualTo(3);
        assertThat(done.getException()).hasMessage("disk full");
    }

    @Test
    void anUploadRefusedForTheHostKeyIsNotTriedAgainAndRaisesTheAlarm() {
        Exchange done = send("direct:upload", Map.of(Headers.AGENCY_ID, "AG1"), null,
                new IOException("reject HostKey: sftp.agency.example"));

        assertThat(uploadTries.get()).isEqualTo(1);
        assertThat(done.getException()).hasMessageContaining("reject HostKey");
        assertThat(meters.find("jamsos.sftp.host.key.mismatch").tag("agency", "AG1").counter().count()).isEqualTo(1.0);
    }

    /** One poll of an agency's inbox that took {@code name}. */
    private Exchange intake(String name, Exception failure) {
        return template.send("direct:intake", e -> {
            e.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
            e.getMessage().setHeader(Exchange.FILE_LENGTH, 120L);
            e.setProperty(Headers.AGENCY_ID, "AG1");
            e.setProperty(FAILURE, failure);
        });
    }

    /** One delivery of a readable job by the broker: its message id and delivery count, the job set aside. */
    private Exchange deliver(String messageId, int deliveryCount, Exception failure) {
        return send("direct:enroller", Map.of("JMSMessageID", messageId, "JMSXDeliveryCount", deliveryCount),
                new EnrollmentJob(1L, "AG1", "f.csv", List.of()), failure);
    }

    private Exchange send(String uri, Map<String, Object> headers, EnrollmentJob job, Exception failure) {
        return template.send(uri, e -> {
            e.getMessage().setHeaders(new HashMap<>(headers));
            if (job != null) {
                e.setProperty(Headers.JOB, job);
            }
            e.setProperty(FAILURE, failure);
        });
    }

    private static final String FAILURE = "RouteTestFailure";

    private static void fail(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(FAILURE, Exception.class);
        if (failure != null) {
            throw failure;
        }
    }
}
