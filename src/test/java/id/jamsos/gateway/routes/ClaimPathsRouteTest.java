package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.claims.ClaimPuller;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static id.jamsos.gateway.routes.FinanceMessages.JSON;
import static id.jamsos.gateway.routes.FinanceMessages.count;
import static id.jamsos.gateway.routes.FinanceMessages.takeUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both ways a claim confirmation comes in, the signed callback and the pull from the claims
 * listing, end on the finance queue once per claim, also when both see the same claim; claims that
 * break a rule go to review with the reason.
 */
class ClaimPathsRouteTest {

    private static final Duration QUIET = Duration.ofMillis(1500);

    /** The pull on, every quarter second from the start, three claims a page: pages turn within a test. */
    static final Map<String, String> QUICK_PULL = Map.of(
            "jamsos.claims.pull.enabled", "true",
            "jamsos.claims.pull.intervalMs", "250",
            "jamsos.claims.pull.delayMs", "0",
            "jamsos.claims.pull.pageSize", "3");

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(QUICK_PULL);
    static List<String> enrolledNiks = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "klaim.csv", 12, 11L);
        enrolledNiks.addAll(fx.enrolledNiks(file.id()));
        assertThat(enrolledNiks).hasSizeGreaterThanOrEqualTo(8);
    }

    private FinanceQueueReader finance() throws Exception {
        return new FinanceQueueReader(fx.env().broker().brokerUrl(), fx.props().get("jamsos.finance.queue"));
    }

    private FinanceQueueReader review() throws Exception {
        return new FinanceQueueReader(fx.env().broker().brokerUrl(), fx.props().get("jamsos.finance.reviewQueue"));
    }

    @Test
    void claimsOnlyInTheListingArePulledAndPublishedOnceEach() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClaimNotice claim = fx.env().simulator().jkkClaimFor(enrolledNiks.get(i), 3_000_000L + i);
            fx.env().simulator().addClaim(claim);
            ids.add("claim-" + claim.claimId());
        }

        try (FinanceQueueReader finance = finance()) {
            var got = takeUntil(finance, g -> ids.stream().allMatch(id -> count(g, id) > 0), Duration.ofSeconds(30), QUIET);
            for (String id : ids) {
                assertThat(count(got, id)).as(id).isEqualTo(1);
            }
            FinanceQueueReader.Received first = got.stream().filter(r -> r.messageId().equals(ids.get(0))).findFirst()
                    .orElseThrow();
            JsonNode body = JSON.readTree(first.body());
            assertThat(body.path("source").asText()).isEqualTo("PULL");
            assertThat(body.path("amount").asLong()).isEqualTo(3_000_000L);
            assertThat(body.path("budgetAccount").asText()).isEqualTo("5.1.02.01.002");
            assertThat(body.path("worker").path("enrolledOn").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(body.path("agency").path("name").asText()).isEqualTo("Kantor Distrik Sorong Timur");
            assertThat(body.path("agency").path("district").asText()).isNotBlank();
            assertThat(first.claimType()).isEqualTo("JKK");
            assertThat(first.agencyId()).isEqualTo(DemoEnvironment.KEY_AGENCY);
            assertThat(first.schemaVersion()).isEqualTo("3");
            assertThat(first.body()).doesNotContain(enrolledNiks.get(0));
        }
    }

    @Test
    void aClaimSeenByTheCallbackAndThePullIsPublishedOnce() throws Exception {
        String url = fx.env().callbackUrl(fx.props());
        List<String> ids = new ArrayList<>();
        String lastPaidAt = null;
        for (int i = 4; i < 8; i++) {
            // fireClaim lists the claim first, so the pull can race the callback for it.
            ClaimNotice claim = fx.env().simulator().jkmClaimFor(enrolledNiks.get(i));
            assertThat(fx.env().simulator().fireClaim(url, claim)).isEqualTo(200);
            ids.add("claim-" + claim.claimId());
            lastPaidAt = claim.paidAt();
        }

        try (FinanceQueueReader finance = finance()) {
            var got = takeUntil(finance, g -> ids.stream().allMatch(id -> count(g, id) > 0), Duration.ofSeconds(30), QUIET);
            for (String id : ids) {
                assertThat(count(got, id)).as(id).isEqualTo(1);
            }
        }
        // And the pull has read past them: the watermark is at or after the last one.
        Instant last = Instant.parse(lastPaidAt);
        ClaimPuller puller = fx.gateway().context().getRegistry().lookupByNameAndType("claimPuller", ClaimPuller.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.parse(puller.watermark()).isBefore(last));
    }

    @Test
    void aDeathClaimForAWorkerUnknownHereGoesToReviewWithTheReason() throws Exception {
        ClaimNotice real = fx.env().simulator().jkmClaimFor(enrolledNiks.get(8));
        ClaimNotice unknown = new ClaimNotice(real.claimId() + "-X", "JKM", "99999999999", "9271015001900009",
                real.amount(), real.components(), real.paidAt(), real.beneficiary());

        assertThat(fx.env().simulator().fireClaim(fx.env().callbackUrl(fx.props()), unknown)).isEqualTo(200);

        String id = "claim-" + unknown.claimId();
        try (FinanceQueueReader review = review()) {
            var got = takeUntil(review, g -> count(g, id) > 0, Duration.ofSeconds(20), QUIET);
            assertThat(count(got, id)).isEqualTo(1);
            FinanceQueueReader.Received msg = got.stream().filter(r -> r.messageId().equals(id)).findFirst().orElseThrow();
            assertThat(msg.reviewReason()).isEqualTo("UNKNOWN_WORKER");
            assertThat(msg.messageType()).isEqualTo("CLAIM_REVIEW");
            JsonNode body = JSON.readTree(msg.body());
            assertThat(body.path("reviewCode").asText()).isEqualTo("UNKNOWN_WORKER");
            assertThat(body.path("reviewReason").asText()).contains("not enrolled through this gateway");
            assertThat(msg.body()).doesNotContain("9271015001900009");
        }
        try (FinanceQueueReader finance = finance()) {
            var got = finance.take(100, QUIET);
            assertThat(count(got, id)).isZero();
        }
    }

    @Test
    void aDeathClaimWhoseComponentsDoNotMatchTheBenefitGoesToReview() throws Exception {
        ClaimNotice real = fx.env().simulator().jkmClaimFor(enrolledNiks.get(9));
        ClaimNotice skewed = new ClaimNotice(real.claimId(), "JKM", real.kpj(), real.nik(), real.amount(),
                List.of(new ClaimNotice.Component("SANTUNAN_KEMATIAN", 30_000_000L),
                        new ClaimNotice.Component("BIAYA_PEMAKAMAN", 10_000_000L)),
                real.paidAt(), real.beneficiary());

        fx.env().simulator().addClaim(skewed);

        String id = "claim-" + skewed.claimId();
        try (FinanceQueueReader review = review()) {
            var got = takeUntil(review, g -> count(g, id) > 0, Duration.ofSeconds(20), QUIET);
            assertThat(count(got, id)).isEqualTo(1);
            FinanceQueueReader.Received msg = got.stream().filter(r -> r.messageId().equals(id)).findFirst().orElseThrow();
            // Issue 14: the catalogue's required JKM parts are named too (SANTUNAN_BERKALA is missing).
            assertThat(msg.reviewReason()).isEqualTo("COMPONENTS_SUM,MISSING_COMPONENTS,JKM_COMPONENTS");
            assertThat(JSON.readTree(msg.body()).path("source").asText()).isEqualTo("PULL");
        }
    }
}
