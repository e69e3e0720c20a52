package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import id.jamsos.gateway.bpjs.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A claims page is read as ClaimsListing reads it: a key sent twice refuses the page, unless it is inside a claim. */
class RawClaimTest {

    static final ObjectReader PAGE = new ObjectMapper()
            .readerFor(new TypeReference<Envelope<ClaimsListing.RawPage>>() { })
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    static final String OK = "{\"code\":\"200\",\"message\":\"OK\"}";

    @Test
    void aClaimKeepsEveryKeyItWasSentWithAndTheClaimsAfterItAreRead() throws Exception {
        Envelope<ClaimsListing.RawPage> page = PAGE.readValue("{\"metaData\":" + OK + ",\"response\":{\"klaim\":["
                + "{\"claimId\":\"A\",\"amount\":1,\"amount\":2,\"beneficiary\":{\"name\":\"x\",\"name\":\"y\"}},"
                + "{\"claimId\":\"B\",\"amount\":7500000.99}],\"watermark\":\"w\"}}");
        assertThat(page.response().klaim()).extracting(RawClaim::json).containsExactly(
                "{\"claimId\":\"A\",\"amount\":1,\"amount\":2,\"beneficiary\":{\"name\":\"x\",\"name\":\"y\"}}",
                "{\"claimId\":\"B\",\"amount\":7500000.99}");
    }

    @Test
    void aNullWhereAClaimShouldBeIsKeptForReviewNotDropped() throws Exception {
        Envelope<ClaimsListing.RawPage> page = PAGE.readValue("{\"metaData\":" + OK + ",\"response\":{\"klaim\":["
                + "{\"claimId\":\"A\"},null,{\"claimId\":\"B\"}],\"watermark\":\"w\"}}");
        assertThat(page.response().klaim()).extracting(RawClaim::json)
                .containsExactly("{\"claimId\":\"A\"}", "null", "{\"claimId\":\"B\"}");
    }

    @Test
    void aKeySentTwiceOutsideTheClaimsRefusesThePageEvenAfterAClaimThatRepeatsOne() {
        for (String body : new String[] {
                "{\"metaData\":" + OK + ",\"metaData\":" + OK + ",\"response\":{\"klaim\":[]}}",
                "{\"metaData\":" + OK + ",\"response\":{\"klaim\":[{\"a\":1,\"a\":2}],\"klaim\":[]}}",
                "{\"metaData\":" + OK + ",\"response\":{\"klaim\":[{\"a\":1}],\"watermark\":\"x\",\"watermark\":\"y\"}}"}) {
            assertThatThrownBy(() -> PAGE.readValue(body)).as(body).isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining("Duplicate field");
        }
    }
}
