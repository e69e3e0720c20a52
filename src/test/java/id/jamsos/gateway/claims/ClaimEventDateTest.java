package id.jamsos.gateway.claims;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static id.jamsos.gateway.claims.ClaimRulesTest.JKM_PARTS;
import static id.jamsos.gateway.claims.ClaimRulesTest.NOW;
import static id.jamsos.gateway.claims.ClaimRulesTest.WORKER;
import static id.jamsos.gateway.claims.ClaimRulesTest.claim;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: the claim's optional event date (tanggalKejadian), read strictly and checked against paidAt. */
class ClaimEventDateTest {

    static final ClaimCatalogue CATALOGUE = ClaimCatalogue.defaults();

    static ClaimNotice death(String tanggalKejadian, String paidAt) {
        return claim("JKM", 42_000_000L, JKM_PARTS, paidAt).withTanggalKejadian(tanggalKejadian);
    }

    static List<String> codes(ClaimNotice claim) {
        return ClaimRules.check(claim, WORKER, CATALOGUE, NOW).stream().map(ClaimReview::code).toList();
    }

    @Test
    void aValidEventDateIsKeptAndAClaimWithoutOneStillPasses() {
        ClaimNotice claim = death("2026-05-27", "2026-05-29T03:00:00Z");
        assertThat(codes(claim)).isEmpty();
        assertThat(ClaimShape.eventDate(claim)).isEqualTo(LocalDate.of(2026, 5, 27));
        assertThat(codes(death(null, "2026-05-29T03:00:00Z"))).isEmpty();
        assertThat(ClaimShape.eventDate(death(null, "2026-05-29T03:00:00Z"))).isNull();
    }

    @Test
    void anEventDateThatIsNoYyyyMmDdDayIsMalformed() {
        for (String bad : List.of("2026-02-30", "27-05-2026", "2026/05/27", "2026-5-27", "2026-05-27T00:00:00Z",
                "", "２０２６-05-27", "2026-05-27\n")) {
            ClaimNotice claim = death(bad, "2026-05-29T03:00:00Z");
            assertThat(ClaimShape.problems(claim)).as(bad).anyMatch(p -> p.contains("tanggalKejadian"));
            assertThat(codes(claim)).as(bad).contains(ClaimShape.MALFORMED);
            assertThat(ClaimShape.eventDate(claim)).as(bad).isNull();
        }
    }

    @Test
    void anEventAfterTheDayPaidOrBeforeTheProgrammeGoesToReview() {
        assertThat(codes(death("2026-05-30", "2026-05-29T03:00:00Z"))).containsExactly(ClaimReview.INVALID_EVENT_DATE);
        assertThat(codes(death("2015-06-30", "2026-05-29T03:00:00Z"))).containsExactly(ClaimReview.INVALID_EVENT_DATE);
        assertThat(ClaimRules.check(death("2026-05-30", "2026-05-29T03:00:00Z"), WORKER, CATALOGUE, NOW).toString())
                .contains("sesudah tanggal bayar 2026-05-29").contains("after the day the claim was paid, 2026-05-29");
        // The day paid is read in the city's zone: 20:00 UTC on the 31st is already 1 June in Sorong (WIT).
        assertThat(codes(death("2026-06-01", "2026-05-31T20:00:00Z"))).isEmpty();
        assertThat(codes(death("2026-05-31", "2026-05-31T03:00:00Z"))).isEmpty();
        assertThat(codes(death("2015-07-01", "2026-05-29T03:00:00Z"))).isEmpty();
    }

    @Test
    void theStrictReaderTakesTheEventDateAndASecondNoticeWithAnotherDateDiffers() throws Exception {
        ObjectMapper strict = ClaimJson.strict(new ObjectMapper());
        ClaimNotice read = strict.readValue("{\"claimId\":\"C-1\",\"claimType\":\"JKK\",\"kpj\":\"05K40081234\","
                + "\"amount\":7500000,\"paidAt\":\"2026-05-31T03:12:45Z\",\"tanggalKejadian\":\"2026-05-20\"}",
                ClaimNotice.class);
        assertThat(read.tanggalKejadian()).isEqualTo("2026-05-20");
        assertThat(read.kpj()).isEqualTo("05K40081234");
        // Without it the JSON is what it was before the field: same digests for claims recorded before.
        assertThat(new ObjectMapper().writeValueAsString(death(null, "2026-05-29T03:00:00Z")))
                .doesNotContain("tanggalKejadian");

        assertThat(ClaimProcessor.differences(read, read.withTanggalKejadian("2026-05-21"))).isEqualTo("tanggalKejadian");
        assertThat(ClaimProcessor.sameContent(read, read.withTanggalKejadian("2026-05-20"))).isTrue();
    }
}
