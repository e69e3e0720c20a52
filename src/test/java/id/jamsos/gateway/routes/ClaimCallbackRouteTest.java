package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.simulator.ClaimFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.EndReason;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed claim callback ends once on the finance queue, enriched; a bad signature is refused. */
class ClaimCallbackRouteTest {

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of());
    static List<String> enrolledNiks = new ArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchema FINANCE_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(ClaimCallbackRouteTest.class.getResourceAsStream("/schemas/finance-claim-v3.schema.json"));

    @BeforeAll
    static void start() throws Exception {
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "klaim.csv", 10, 9L);
        enrolledNiks.addAll(fx.enrolledNiks(file.id()));
    }

    @Test
    void aPaidDeathClaimReachesFinanceOnceEnrichedWithTheAgency() throws Exception {
        ClaimNotice claim = fx.env().simulator().jkmClaimFor(enrolledNiks.get(0));
        String url = fx.env().callbackUrl(fx.props());

        assertThat(fx.env().simulator().fireClaim(url, claim)).isEqualTo(200);
        // BPJS calling again with the same claim (a retry on its side) is acknowledged, not republished.
        assertThat(fx.env().simulator().fireClaim(url, claim)).isEqualTo(200);

        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            List<FinanceQueueReader.Received> got = finance.take(2, Duration.ofSeconds(5));
            assertThat(got).hasSize(1);
            FinanceQueueReader.Received msg = got.get(0);
            assertThat(msg.claimType()).isEqualTo("JKM");
            assertThat(msg.agencyId()).isEqualTo(DemoEnvironment.KEY_AGENCY);
            assertThat(msg.schemaVersion()).isEqualTo("3");
            assertThat(msg.messageId()).isEqualTo("claim-" + claim.claimId());
            JsonNode body = JSON.readTree(msg.body());
            assertThat(FINANCE_SCHEMA.validate(body)).isEmpty();
            assertThat(body.path("amount").asLong()).isEqualTo(42_000_000L);
            assertThat(body.path("agency").path("name").asText()).isEqualTo("Kantor Distrik Sorong Timur");
            assertThat(body.path("worker").path("kpj").asText()).matches("[0-9A-Z]{7}\\d{4}");
            assertThat(msg.body()).doesNotContain(enrolledNiks.get(0));

            // The death benefit ends the worker's cover with the month it was paid (WIT): the next
            // month's statement no longer bills the city for them. The others stay covered.
            String kpj = body.path("worker").path("kpj").asText();
            YearMonth paid = YearMonth.from(Instant.parse(claim.paidAt()).atZone(ZoneId.of("Asia/Jayapura")));
            List<CoveragePeriod> periods = fx.gateway().coverage().periods(kpj);
            assertThat(periods).hasSize(1);
            assertThat(periods.get(0).endReason()).isEqualTo(EndReason.DIED);
            assertThat(periods.get(0).lastMonth()).isEqualTo(paid);
            assertThat(periods.get(0).endedBy()).isEqualTo("claim:" + claim.claimId());
            assertThat(periods.get(0).covers(paid)).isTrue();
            assertThat(periods.get(0).covers(paid.plusMonths(1))).isFalse();
        }
    }

    /**
     * Issue 16: the simulator fires a JKM death claim with the children's scholarship and the date of
     * death; finance gets it (no review), with the event date and the service level.
     */
    @Test
    void aDeathClaimWithTheScholarshipAndTheDateOfDeathReachesFinance() throws Exception {
        java.time.LocalDate died = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Jayapura")).minusDays(2);
        ClaimNotice claim = ClaimFactory.withEventDate(ClaimFactory.withScholarship(
                fx.env().simulator().jkmClaimFor(enrolledNiks.get(2)), ClaimFactory.BEASISWA_SMA,
                ClaimFactory.BEASISWA_TK_SD), died);

        assertThat(fx.env().simulator().fireClaim(fx.env().callbackUrl(fx.props()), claim)).isEqualTo(200);

        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            List<FinanceQueueReader.Received> got = FinanceMessages.takeUntil(finance,
                    r -> r.stream().anyMatch(m -> m.messageId().equals("claim-" + claim.claimId())),
                    Duration.ofSeconds(10), Duration.ofMillis(200));
            FinanceQueueReader.Received msg = got.stream()
                    .filter(m -> m.messageId().equals("claim-" + claim.claimId())).findFirst().orElseThrow();
            JsonNode body = JSON.readTree(msg.body());
            assertThat(body.path("messageType").asText()).isEqualTo("CLAIM_PAID");
            assertThat(body.path("amount").asLong()).isEqualTo(46_500_000L);
            assertThat(body.path("eventDate").asText()).isEqualTo(died.toString());
            assertThat(body.path("serviceLevel").path("basis").asText()).isEqualTo("EVENT");
            assertThat(body.path("serviceLevel").path("limit").asInt()).isEqualTo(3);
            // Cover ends with the month of death, not the month BPJS paid.
            List<CoveragePeriod> periods = fx.gateway().coverage().periods(body.path("worker").path("kpj").asText());
            assertThat(periods).extracting(CoveragePeriod::lastMonth).containsExactly(YearMonth.from(died));
            assertThat(periods).extracting(CoveragePeriod::endReason).containsExactly(EndReason.DIED);
        }
    }

    @Test
    void aCallbackWithABadSignatureIsRefusedAndNothingIsPublished() throws Exception {
        ClaimNotice claim = fx.env().simulator().jkmClaimFor(enrolledNiks.get(1));
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> headers = BpjsSignature.headers("BPJSTK", "not-the-secret", "x", now);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(fx.env().callbackUrl(fx.props())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(claim)));
        headers.forEach(req::header);

        HttpResponse<String> response = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("metaData").path("code").asText()).isEqualTo("401");
        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env().broker().brokerUrl(),
                fx.props().get("jamsos.finance.queue"))) {
            assertThat(finance.take(1, Duration.ofSeconds(2))).isEmpty();
        }
    }
}
