package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.claims.ClaimProcessor;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.claims.ClaimsListing;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/claims-pull.camel.yaml alone, with its own error handling (claim-pull-errors): every interval
 * one page of the paid-claims listing after the watermark; each claim recorded in the outbox (H2 here)
 * through the processor the callback uses, and the watermark moved past it; a failed listing leaves the
 * watermark where it was, and the next interval asks again from there. BPJS is a local stand-in
 * rather than a replaced endpoint: the route's http step, with its header filter and signature, is
 * what is under test.
 */
class ClaimPullRouteTest extends RouteTestSupport {

    private static final String INITIAL_SINCE = "1970-01-01T00:00:00Z";
    private static final ObjectMapper JSON = Json.mapper();
    private static final BpjsStub BPJS = startBpjs();
    private static final Pattern SINCE = Pattern.compile("[?&]since=([^&]*)");

    private HikariDataSource dataSource;
    private FinanceLedger finance;
    private ClaimPuller puller;
    /** Requests the stand-in had before this test: it serves the whole class. */
    private int requestsBefore;

    @Override
    protected String routeFile() {
        return "routes/claims-pull.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.bpjs.url", BPJS.url(), "jamsos.claims.pull.enabled", "true",
                "jamsos.claims.pull.intervalMs", "100",
                "jamsos.claims.pull.delayMs", "0");
    }

    /** As FinanceWiring makes the pull's beans, on a ledger of this test's own. */
    @Override
    protected void bindToRegistry(Registry registry) {
        dataSource = ledgerDatabase("claims-pull-route");
        Clock clock = Clock.systemUTC();
        Ledger ledger = new Ledger(dataSource);
        finance = new FinanceLedger(dataSource, ledger.personalData());
        ClaimProcessor processor = RouteTestClaims.processor(ledger, finance, JSON, clock);
        puller = new ClaimPuller(processor, finance, INITIAL_SINCE, 100, JSON, clock);
        registry.bind("claimPuller", puller);
        // The route runs on the leader only (routePolicy intakeLeadership); this one process leads.
        registry.bind("intakeLeadership", new AlwaysLeader());
        registry.bind("claimsListing", new ClaimsListing(JSON));
        registry.bind("bpjsSigner", new RequestSigner("route-test", "route-test-secret", "", clock));
        registry.bind("bpjsHeaderFilter", new BpjsHeaderFilter());
        registry.bind("http", BpjsHttp.component(null));
    }

    @BeforeEach
    void startThePull() {
        failing = false;
        pageFromTheStart(List.of(), INITIAL_SINCE);
        requestsBefore = BPJS.requests().size();
        start();
    }

    @AfterEach
    void closeTheLedger() {
        context.stop();
        dataSource.close();
    }

    @AfterAll
    static void stopBpjs() {
        BPJS.close();
    }

    @Test
    void claimsOfAPageAreRecordedAndTheNextPageIsAskedAfterTheLastOne() {
        // Queued before the first tick finds the listing empty is not guaranteed: so the claims are
        // answered to whichever request asks from the start.
        String first = Instant.now().minusSeconds(7_200).toString();
        String second = Instant.now().minusSeconds(3_600).toString();
        pageFromTheStart(List.of(claim("KLM-3001", first), claim("KLM-3002", second)), second);

        await().atMost(Duration.ofSeconds(10)).until(() -> puller.watermark().equals(second));
        assertThat(finance.claimPayload("KLM-3001")).isPresent();
        assertThat(finance.claimPayload("KLM-3002")).isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> sinces().contains(second));
        assertThat(sinces()).as("no page asked again from the start once its claims are recorded")
                .containsOnly(INITIAL_SINCE, second);
    }

    @Test
    void aFailedListingLeavesTheWatermarkAndTheNextIntervalAsksFromTheSamePlace() {
        failing = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> sinces().size() >= 2);
        assertThat(BPJS.requests().get(requestsBefore).header(BpjsSignature.CONS_ID)).as("signed").isEqualTo("route-test");
        assertThat(sinces()).containsOnly(INITIAL_SINCE);
        assertThat(puller.watermark()).isEqualTo(INITIAL_SINCE);

        String paidAt = Instant.now().minusSeconds(600).toString();
        pageFromTheStart(List.of(claim("KLM-3101", paidAt)), paidAt);
        failing = false;

        await().atMost(Duration.ofSeconds(10)).until(() -> puller.watermark().equals(paidAt));
        assertThat(finance.claimPayload("KLM-3101")).isPresent();
    }

    /** While true, BPJS answers every listing with a 503. */
    private static volatile boolean failing;
    /** What BPJS answers to a request from the start; any other is an empty page. */
    private static volatile String fromTheStart = page(List.of(), INITIAL_SINCE);

    private static void pageFromTheStart(List<String> claims, String watermark) {
        fromTheStart = page(claims, watermark);
    }

    private List<String> sinces() {
        List<BpjsStub.Request> all = BPJS.requests();
        return all.subList(requestsBefore, all.size()).stream().map(r -> since(r.pathAndQuery())).toList();
    }

    private static String since(String pathAndQuery) {
        Matcher m = SINCE.matcher(pathAndQuery);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    private static String claim(String claimId, String paidAt) {
        return RouteTestClaims.claimJson(claimId, paidAt);
    }

    private static String page(List<String> claims, String watermark) {
        return "{\"metaData\":{\"code\":\"200\",\"message\":\"OK\"},\"response\":{\"klaim\":["
                + String.join(",", claims) + "],\"watermark\":\"" + watermark + "\"}}";
    }

    private static BpjsStub startBpjs() {
        try {
            return BpjsStub.start(request -> {
                if (failing) {
                    return BpjsStub.Answer.json(503, "{\"metaData\":{\"code\":\"503\",\"message\":\"sibuk\"}}");
                }
                String since = since(request.pathAndQuery());
                return BpjsStub.Answer.json(200, INITIAL_SINCE.equals(since) ? fromTheStart : page(List.of(), since));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
