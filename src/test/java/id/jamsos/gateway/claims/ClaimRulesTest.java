package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, item 3: the money rules, one finding each; every one sends the claim to review. */
class ClaimRulesTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String NIK = "9271014501900001";
    static final WorkerEnrollment WORKER = new WorkerEnrollment(NIK, "48213377120", "Ani", "a", "Sorong", 1, 1,
            Instant.parse("2024-01-01T00:00:00Z"));
    static final ClaimCatalogue CATALOGUE = ClaimCatalogue.defaults();

    static ClaimNotice claim(String type, long amount, List<ClaimNotice.Component> components, String paidAt) {
        return new ClaimNotice("C-1", type, WORKER.kpj(), NIK, amount, components, paidAt, null);
    }

    static ClaimNotice.Component c(String code, long amount) {
        return new ClaimNotice.Component(code, amount);
    }

    static List<String> codes(ClaimNotice claim) {
        return ClaimRules.check(claim, WORKER, CATALOGUE, NOW).stream().map(ClaimReview::code).toList();
    }

    static final List<ClaimNotice.Component> JKM_PARTS = List.of(c("SANTUNAN_KEMATIAN", 20_000_000L),
            c("BIAYA_PEMAKAMAN", 10_000_000L), c("SANTUNAN_BERKALA", 12_000_000L));

    @Test
    void genuineClaimsPass() {
        assertThat(codes(claim("JKM", 42_000_000L, JKM_PARTS, "2026-05-31T03:12:45Z"))).isEmpty();
        assertThat(codes(claim("JKK", 7_500_000L, List.of(c("BIAYA_PERAWATAN", 4_500_000L),
                c("SANTUNAN_STMB", 3_000_000L)), "2026-05-31T03:12:45Z"))).isEmpty();
    }

    @Test
    void componentsWhoseSumOverflowsALongAreNotWrappedIntoAMatch() {
        ClaimNotice overflow = claim("JKK", 7_500_000L, List.of(c("BIAYA_PERAWATAN", Long.MAX_VALUE),
                c("SANTUNAN_STMB", Long.MAX_VALUE), c("LAIN", 7_500_002L)), "2026-05-31T03:12:45Z");
        // Long.MAX_VALUE * 2 + 7,500,002 wraps to exactly 7,500,000.
        assertThat(Long.MAX_VALUE + Long.MAX_VALUE + 7_500_002L).isEqualTo(7_500_000L);

        assertThat(codes(overflow)).contains(ClaimReview.COMPONENTS_SUM);
        assertThat(ClaimRules.check(overflow, WORKER, CATALOGUE, NOW).toString()).contains("overflows");
    }

    @Test
    void aNegativeComponentGoesToReview() {
        ClaimNotice negative = claim("JKK", 7_500_000L, List.of(c("BIAYA_PERAWATAN", 10_000_000L),
                c("SANTUNAN_STMB", -2_500_000L)), "2026-05-31T03:12:45Z");
        assertThat(codes(negative)).contains(ClaimReview.INVALID_AMOUNT, ClaimShape.MALFORMED);
    }

    @Test
    void jkkOverItsCapOrWithoutComponentsGoesToReview() {
        assertThat(codes(claim("JKK", 9_000_000_000_000_000_000L, List.of(), "2026-05-31T03:12:45Z")))
                .contains(ClaimReview.OVER_CAP, ClaimReview.MISSING_COMPONENTS);
        assertThat(codes(claim("JKK", 250_000_000_000L, null, "2026-05-31T03:12:45Z")))
                .contains(ClaimReview.OVER_CAP, ClaimReview.MISSING_COMPONENTS);
        assertThat(codes(claim("JKK", 250_000_000_000L, List.of(c("BIAYA_PERAWATAN", 250_000_000_000L)),
                "2026-05-31T03:12:45Z"))).containsExactly(ClaimReview.OVER_CAP);
    }

    @Test
    void aJkmComponentListedTwiceGoesToReview() {
        ClaimNotice twice = claim("JKM", 42_000_000L, List.of(c("SANTUNAN_KEMATIAN", 20_000_000L),
                c("SANTUNAN_KEMATIAN", 20_000_000L), c("BIAYA_PEMAKAMAN", 2_000_000L)), "2026-05-31T03:12:45Z");
        assertThat(codes(twice)).contains(ClaimReview.DUPLICATE_COMPONENT, ClaimReview.MISSING_COMPONENTS);
    }

    @Test
    void aPaidAtThatIsNoDateOrOutsideThePlausibleRangeGoesToReview() {
        for (String paidAt : List.of("not-a-date", "9999-12-31T00:00:00Z", "2010-01-01T00:00:00Z",
                "2026-06-01T00:10:00Z")) {
            assertThat(codes(claim("JKM", 42_000_000L, JKM_PARTS, paidAt))).as(paidAt)
                    .contains(ClaimReview.INVALID_DATE);
        }
        // Within the skew (5 minutes) of now is fine: clocks differ.
        assertThat(codes(claim("JKM", 42_000_000L, JKM_PARTS, "2026-06-01T00:04:00Z"))).isEmpty();
    }

    @Test
    void anUnknownTypeIsNamedMaskedInTheReason() {
        List<ClaimReview> problems = ClaimRules.check(claim(NIK, 42_000_000L, JKM_PARTS, "2026-05-31T03:12:45Z"),
                WORKER, CATALOGUE, NOW);
        assertThat(problems).extracting(ClaimReview::code).contains(ClaimReview.INVALID_TYPE);
        assertThat(problems.toString()).doesNotContain(NIK).contains("9271********0001");
    }

    @Test
    void theCatalogueComesFromSettings() {
        Map<String, String> settings = Map.of("jamsos.claims.types", "JKM, JKK, BEASISWA",
                "jamsos.claims.type.JKM.cap", "42000000",
                "jamsos.claims.type.JKM.requiredComponents", "SANTUNAN_KEMATIAN,BIAYA_PEMAKAMAN,SANTUNAN_BERKALA",
                "jamsos.claims.type.JKK.cap", "100000000",
                "jamsos.claims.type.BEASISWA.cap", "174000000",
                "jamsos.claims.type.BEASISWA.requiredComponents", "BEASISWA",
                "jamsos.claims.earliestPaidAt", "2015-07-01T00:00:00Z",
                "jamsos.claims.paidAtSkewSeconds", "60");
        ClaimCatalogue catalogue = ClaimCatalogue.from(settings::get);

        assertThat(catalogue.types()).containsOnlyKeys("JKM", "JKK", "BEASISWA");
        ClaimNotice scholarship = new ClaimNotice("C-2", "BEASISWA", WORKER.kpj(), NIK, 3_000_000L,
                List.of(c("BEASISWA", 3_000_000L)), "2026-05-31T03:12:45Z", null);
        assertThat(ClaimRules.check(scholarship, WORKER, catalogue, NOW)).isEmpty();
        ClaimNotice jkk = claim("JKK", 150_000_000L, List.of(c("BIAYA_PERAWATAN", 150_000_000L)),
                "2026-05-31T03:12:45Z");
        assertThat(ClaimRules.check(jkk, WORKER, catalogue, NOW)).extracting(ClaimReview::code)
                .containsExactly(ClaimReview.OVER_CAP);
    }
}
