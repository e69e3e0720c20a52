package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static id.jamsos.gateway.claims.ClaimRulesTest.JKM_PARTS;
import static id.jamsos.gateway.claims.ClaimRulesTest.NOW;
import static id.jamsos.gateway.claims.ClaimRulesTest.WORKER;
import static id.jamsos.gateway.claims.ClaimRulesTest.c;
import static id.jamsos.gateway.claims.ClaimRulesTest.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16, claims as they are paid: the component catalogue. A legitimate JKM with the children's
 * scholarship, in one claim or as a claim of its own, reaches finance; a code the type does not
 * know, a scholarship over its cap or not made of its yearly rates goes to review with the reason
 * in both languages. JKK's components are known by code.
 */
class ClaimComponentsTest {

    static final String PAID = "2026-05-31T03:12:45Z";
    static final ClaimCatalogue CATALOGUE = ClaimCatalogue.defaults();

    static List<ClaimReview> check(ClaimNotice claim) {
        return ClaimRules.check(claim, WORKER, CATALOGUE, NOW);
    }

    static List<String> codes(ClaimNotice claim) {
        return check(claim).stream().map(ClaimReview::code).toList();
    }

    static List<ClaimNotice.Component> jkmWith(ClaimNotice.Component extra) {
        List<ClaimNotice.Component> parts = new ArrayList<>(JKM_PARTS);
        parts.add(extra);
        return parts;
    }

    @Test
    void aJkmDeathBenefitWithTheScholarshipRaisesTheCapByTheScholarshipAndReachesFinance() {
        // Two children: one in SMA (Rp 3 M), one in SD (Rp 1.5 M).
        ClaimNotice withScholarship = claim("JKM", 46_500_000L, jkmWith(c("BEASISWA", 4_500_000L)), PAID);
        assertThat(check(withScholarship)).isEmpty();
        // The largest a claim may pay: the benefit and the whole Rp 174,000,000.
        assertThat(check(claim("JKM", 216_000_000L, jkmWith(c("BEASISWA", 174_000_000L)), PAID))).isEmpty();
    }

    @Test
    void aScholarshipPaidAsAJkmClaimOfItsOwnNeedsNoneOfTheDeathBenefitsParts() {
        ClaimNotice later = claim("JKM", 24_000_000L, List.of(c("BEASISWA", 24_000_000L)), PAID);
        assertThat(check(later)).isEmpty();
    }

    @Test
    void aScholarshipOverItsCapGoesToReviewSayingSoInBothLanguages() {
        ClaimNotice over = claim("JKM", 42_000_000L + 175_500_000L, jkmWith(c("BEASISWA", 175_500_000L)), PAID);
        List<ClaimReview> problems = check(over);

        assertThat(problems).extracting(ClaimReview::code).containsExactly(ClaimReview.COMPONENT_OVER_CAP);
        assertThat(problems.get(0).reason()).contains("beasiswa anak").contains("melebihi batasnya Rp 174000000")
                .contains("children's scholarship").contains("exceeds its cap of Rp 174000000");
        // Alone as well.
        assertThat(codes(claim("JKM", 175_500_000L, List.of(c("BEASISWA", 175_500_000L)), PAID)))
                .containsExactly(ClaimReview.COMPONENT_OVER_CAP);
    }

    @Test
    void aScholarshipNotMadeOfTheYearlyRatesGoesToReview() {
        // Rp 2,500,000 is no sum of 1.5, 2, 3 and 12 million; Rp 1,000,000 is below every rate.
        for (long amount : new long[] {2_500_000L, 1_000_000L, 1_750_000L}) {
            List<ClaimReview> problems = check(claim("JKM", 42_000_000L + amount, jkmWith(c("BEASISWA", amount)),
                    PAID));
            assertThat(problems).as("Rp %d", amount).extracting(ClaimReview::code)
                    .containsExactly(ClaimReview.COMPONENT_AMOUNT);
            assertThat(problems.get(0).reason()).contains("per anak per tahun / per child per year");
        }
        assertThat(ClaimRules.madeOf(3_500_000L, ClaimCatalogue.BEASISWA_RATES)).isTrue();
        assertThat(ClaimRules.madeOf(174_000_000L, ClaimCatalogue.BEASISWA_RATES)).isTrue();
        assertThat(ClaimRules.madeOf(2_500_000L, ClaimCatalogue.BEASISWA_RATES)).isFalse();
    }

    @Test
    void theScholarshipsCapHoldsOverTheWorkersEarlierClaims() {
        ClaimCatalogue.TypeRule jkm = CATALOGUE.types().get("JKM");
        ClaimNotice first = claim("JKM", 162_000_000L, jkmWith(c("BEASISWA", 120_000_000L)), PAID);
        ClaimNotice second = claim("JKM", 48_000_000L, List.of(c("BEASISWA", 48_000_000L)), PAID);
        ClaimNotice third = claim("JKM", 6_000_000L, List.of(c("BEASISWA", 6_000_000L)), PAID);
        ClaimNotice jkk = claim("JKK", 24_000_000L, List.of(c("BEASISWA", 24_000_000L)), PAID);

        // 120 + 48 = 168 million: within. 168 + 6 = 174: still within; 168 + 6 + 1.5 is not.
        assertThat(ClaimRules.checkAcrossClaims(second, jkm, List.of(first))).isEmpty();
        assertThat(ClaimRules.checkAcrossClaims(third, jkm, List.of(first, second))).isEmpty();
        ClaimNotice fourth = claim("JKM", 1_500_000L, List.of(c("BEASISWA", 1_500_000L)), PAID);
        List<ClaimReview> over = ClaimRules.checkAcrossClaims(fourth, jkm, List.of(first, second, third));
        assertThat(over).extracting(ClaimReview::code).containsExactly(ClaimReview.COMPONENT_OVER_CAP);
        assertThat(over.get(0).reason()).contains("sudah dibayar Rp 174000000").contains("already paid for this worker");
        // A JKK scholarship is another programme's: not counted against JKM's.
        assertThat(ClaimRules.checkAcrossClaims(fourth, jkm, List.of(first, second, jkk))).isEmpty();
    }

    @Test
    void anUnknownComponentCodeGoesToReviewNamingTheKnownOnes() {
        List<ClaimReview> problems = check(claim("JKM", 43_000_000L, jkmWith(c("UANG_DUKA", 1_000_000L)), PAID));

        assertThat(problems).extracting(ClaimReview::code).contains(ClaimReview.UNKNOWN_COMPONENT);
        ClaimReview unknown = problems.stream().filter(p -> p.code().equals(ClaimReview.UNKNOWN_COMPONENT))
                .findFirst().orElseThrow();
        assertThat(unknown.reason()).contains("Komponen tidak dikenal untuk JKM: [UANG_DUKA]")
                .contains("components unknown for JKM: [UANG_DUKA]").contains("BEASISWA");
        // A made-up code is shown as a log may show it: no NIK, no line break.
        List<ClaimReview> forged = check(claim("JKK", 1_000_000L, List.of(c("A\nB", 1_000_000L)), PAID));
        assertThat(forged.toString()).doesNotContain("\n");
    }

    @Test
    void theDeathBenefitsRulesStillHoldBesideAScholarship() {
        // A part missing: the scholarship does not excuse it.
        ClaimNotice missing = claim("JKM", 33_000_000L, List.of(c("SANTUNAN_KEMATIAN", 20_000_000L),
                c("BIAYA_PEMAKAMAN", 10_000_000L), c("BEASISWA", 3_000_000L)), PAID);
        assertThat(codes(missing)).contains(ClaimReview.MISSING_COMPONENTS, ClaimReview.JKM_AMOUNT);
        // A part of the wrong amount.
        ClaimNotice wrong = claim("JKM", 47_000_000L, List.of(c("SANTUNAN_KEMATIAN", 22_000_000L),
                c("BIAYA_PEMAKAMAN", 10_000_000L), c("SANTUNAN_BERKALA", 12_000_000L), c("BEASISWA", 3_000_000L)), PAID);
        assertThat(codes(wrong)).contains(ClaimReview.JKM_AMOUNT, ClaimReview.JKM_COMPONENTS);
        // The amount is not the components' sum.
        ClaimNotice sum = claim("JKM", 46_000_000L, jkmWith(c("BEASISWA", 3_000_000L)), PAID);
        assertThat(codes(sum)).contains(ClaimReview.COMPONENTS_SUM);
        // Over the raised cap: the death part itself is more than Rp 42,000,000.
        ClaimNotice extra = claim("JKM", 52_000_000L, List.of(c("SANTUNAN_KEMATIAN", 30_000_000L),
                c("BIAYA_PEMAKAMAN", 10_000_000L), c("SANTUNAN_BERKALA", 12_000_000L)), PAID);
        assertThat(codes(extra)).containsExactly(ClaimReview.OVER_CAP, ClaimReview.JKM_AMOUNT,
                ClaimReview.JKM_COMPONENTS);
    }

    @Test
    void jkkComponentsAreKnownByCodeWithTheCapsTheLawGives() {
        ClaimNotice accident = claim("JKK", 35_500_000L, List.of(c("BIAYA_PERAWATAN", 20_000_000L),
                c("BIAYA_TRANSPORTASI", 1_500_000L), c("SANTUNAN_STMB", 6_000_000L), c("SANTUNAN_CACAT", 5_000_000L),
                c("BIAYA_REHABILITASI", 3_000_000L)), PAID);
        assertThat(check(accident)).isEmpty();
        ClaimNotice death = claim("JKK", 74_000_000L, List.of(c("SANTUNAN_KEMATIAN_JKK", 48_000_000L),
                c("BIAYA_PEMAKAMAN", 10_000_000L), c("SANTUNAN_BERKALA", 12_000_000L), c("BEASISWA", 4_000_000L)),
                PAID);
        assertThat(check(death)).isEmpty();

        ClaimNotice funeral = claim("JKK", 15_000_000L, List.of(c("BIAYA_PEMAKAMAN", 15_000_000L)), PAID);
        assertThat(codes(funeral)).containsExactly(ClaimReview.COMPONENT_OVER_CAP);
        ClaimNotice other = claim("JKK", 7_500_000L, List.of(c("BIAYA_PERAWATAN", 4_500_000L),
                c("LAIN_LAIN", 3_000_000L)), PAID);
        assertThat(codes(other)).containsExactly(ClaimReview.UNKNOWN_COMPONENT);
        // A JKM code on a JKK claim is unknown there too.
        assertThat(codes(claim("JKK", 20_000_000L, List.of(c("SANTUNAN_KEMATIAN", 20_000_000L)), PAID)))
                .containsExactly(ClaimReview.UNKNOWN_COMPONENT);
    }

    @Test
    void theShippedSettingsMakeTheDefaultCatalogue() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = ClaimCatalogue.class.getResourceAsStream("/jamsos-defaults.properties")) {
            defaults.load(in);
        }
        ClaimCatalogue fromSettings = ClaimCatalogue.from(defaults::getProperty);

        assertThat(fromSettings).isEqualTo(CATALOGUE);
        assertThat(fromSettings.types().get("JKM").serviceLevelWorkingDays()).isEqualTo(3);
        assertThat(fromSettings.types().get("JKK").serviceLevelWorkingDays()).isEqualTo(7);
    }

    @Test
    void anAdditionalComponentWithoutACapOfItsOwnIsRefusedAtStart() {
        java.util.Map<String, String> settings = java.util.Map.of("jamsos.claims.types", "JKM",
                "jamsos.claims.type.JKM.cap", "42000000",
                "jamsos.claims.type.JKM.additionalComponents", "BEASISWA",
                "jamsos.claims.earliestPaidAt", "2015-07-01T00:00:00Z",
                "jamsos.claims.paidAtSkewSeconds", "60");
        assertThatThrownBy(() -> ClaimCatalogue.from(settings::get))
                .hasMessageContaining("jamsos.claims.type.JKM.component.BEASISWA.cap");
    }
}
