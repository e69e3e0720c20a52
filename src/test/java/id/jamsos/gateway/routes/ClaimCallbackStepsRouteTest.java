package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.claims.CallbackGate;
import id.jamsos.gateway.claims.ClaimCallback;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.claims.SenderAllowList;
import id.jamsos.gateway.ledger.CallbackReplayLedger;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/claims.camel.yaml alone: the claim callback taken from direct: instead of platform-http, with
 * the real ClaimCallback and ClaimProcessor on a ledger of its own (H2). A signed callback is answered
 * 200 once its claim waits in the outbox with its message; a bad signature is answered 401 and leaves
 * nothing behind. callback-errors (error-handling.camel.yaml, tested in ErrorHandlingRouteTest) is
 * stood in for by its one clause: every failure answered by claimCallback.refuse.
 */
class ClaimCallbackStepsRouteTest extends RouteTestSupport {

    private static final String CONS_ID = "BPJSTK";
    private static final String SECRET = "route-test-callback-secret";
    private static final ObjectMapper JSON = Json.mapper();

    /** One ledger for the class (migrating one takes seconds); each test has claims of its own. */
    private static final HikariDataSource LEDGER = ledgerDatabase("claims-route");

    private FinanceLedger finance;

    @Override
    protected String routeFile() {
        return "routes/claims.camel.yaml";
    }

    @Override
    protected void routeConfigurations(RouteConfigurationBuilder builder) {
        builder.routeConfiguration("callback-errors").onException(Exception.class).handled(true)
                .bean("claimCallback", "refuse");
    }

    /** As FinanceWiring makes the callback's beans, on a ledger of this test's own. */
    @Override
    protected void bindToRegistry(Registry registry) {
        Clock clock = Clock.systemUTC();
        Ledger ledger = new Ledger(LEDGER);
        finance = new FinanceLedger(LEDGER, ledger.personalData());
        ClaimProcessor processor = RouteTestClaims.processor(ledger, finance, JSON, clock);
        RequestAuthenticator authenticator = new RequestAuthenticator(CONS_ID, SECRET, null, Duration.ofSeconds(300),
                clock, new CallbackReplayLedger(LEDGER)::firstSighting, true);
        registry.bind("claimCallback", new ClaimCallback(authenticator, processor, JSON, 65_536,
                new CallbackGate(8, 5_000), SenderAllowList.parse("")));
    }

    @BeforeEach
    void takeCallbacksFromDirect() throws Exception {
        AdviceWith.adviceWith(context, "claim-callback", a -> a.replaceFromWith("direct:callback"));
        start();
    }

    @AfterAll
    static void closeTheLedger() {
        LEDGER.close();
    }

    @Test
    void aSignedCallbackIsAnswered200OnceItsClaimWaitsInTheOutbox() throws Exception {
        String claim = claim("KLM-1001");

        Exchange answer = call(claim, signed(SECRET, claim));

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        JsonNode envelope = JSON.readTree(answer.getMessage().getBody(String.class));
        assertThat(envelope.path("metaData").path("code").asText()).isEqualTo("200");
        assertThat(envelope.path("response").path("status").asText()).isEqualTo("RECEIVED");
        assertThat(envelope.path("response").path("claimId").asText()).isEqualTo("KLM-1001");
        // Nothing of the request (the signature, the platform's headers) goes back to BPJS.
        assertThat(answer.getMessage().getHeaders()).doesNotContainKeys(BpjsSignature.SIGNATURE,
                BpjsSignature.CONS_ID);
        assertThat(finance.claimPayload("KLM-1001")).hasValueSatisfying(p -> assertThat(p).isEqualTo(claim));
        List<ClaimMessage> outbox = waiting("KLM-1001");
        assertThat(outbox).extracting(ClaimMessage::claimId).containsExactly("KLM-1001");
        assertThat(JSON.readTree(outbox.get(0).body()).path("claimId").asText()).isEqualTo("KLM-1001");
    }

    @Test
    void aCallbackWithABadSignatureIsAnswered401AndNothingIsRecorded() throws Exception {
        String claim = claim("KLM-1002");

        Exchange answer = call(claim, signed("not-the-secret", claim));

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        JsonNode envelope = JSON.readTree(answer.getMessage().getBody(String.class));
        assertThat(envelope.path("metaData").path("code").asText()).isEqualTo("401");
        assertThat(envelope.path("response").isNull()).isTrue();
        assertThat(finance.claimPayload("KLM-1002")).isEmpty();
        assertThat(waiting("KLM-1002")).isEmpty();
    }

    @Test
    void theSameSignedRequestAgainIsAReplayAndTheSameClaimSignedAgainIsADuplicate() throws Exception {
        String claim = claim("KLM-1003");
        Map<String, Object> headers = signed(SECRET, claim);
        assertThat(call(claim, headers).getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);

        Exchange replay = call(claim, headers);
        // BPJS calling again a second later signs again: acknowledged, not recorded twice.
        Exchange again = call(claim, signed(SECRET, claim, Instant.now().getEpochSecond() + 1));

        // Refused like any failed signature check (401), the envelope saying why: 409, a replay.
        assertThat(replay.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(JSON.readTree(replay.getMessage().getBody(String.class)).path("metaData").path("code").asText())
                .isEqualTo(RequestAuthenticator.Verdict.REPLAY);
        assertThat(again.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(JSON.readTree(again.getMessage().getBody(String.class)).path("response").path("status").asText())
                .isEqualTo("DUPLICATE");
        assertThat(waiting("KLM-1003")).hasSize(1);
    }

    @Test
    void aCallbackThatIsNotJsonIsAnswered415BeforeItsSignatureIsRead() throws Exception {
        String claim = claim("KLM-1004");
        Map<String, Object> headers = signed(SECRET, claim);
        headers.put(Exchange.CONTENT_TYPE, "text/plain");

        Exchange answer = call(claim, headers);

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(415);
        assertThat(finance.claimPayload("KLM-1004")).isEmpty();
    }

    /** The outbox's messages of this claim (and of its conflicting versions) not yet published. */
    private List<ClaimMessage> waiting(String claimId) {
        return finance.leaseUnpublished(100, Instant.now(), Instant.now().plusMillis(1)).stream()
                .filter(m -> m.claimId().startsWith(claimId)).toList();
    }

    private Exchange call(String body, Map<String, Object> headers) {
        return template.send("direct:callback", e -> {
            e.getMessage().setHeaders(new HashMap<>(headers));
            e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static Map<String, Object> signed(String secret, String body) {
        return signed(secret, body, Instant.now().getEpochSecond());
    }

    /** The headers BPJS sends with a callback: signature version 2, over the body too. */
    private static Map<String, Object> signed(String secret, String body, long timestamp) {
        Map<String, Object> headers = new HashMap<>(BpjsSignature.bodyHeaders(CONS_ID, secret, null, timestamp,
                body.getBytes(StandardCharsets.UTF_8)));
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        headers.put(Exchange.HTTP_METHOD, "POST");
        return headers;
    }

    private static String claim(String claimId) {
        return RouteTestClaims.claimJson(claimId, Instant.now().minusSeconds(3_600).toString());
    }
}
