package id.jamsos.gateway.bpjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BpjsSignatureTest {

    @Test
    void publishedTestVector() {
        assertThat(BpjsSignature.hmacBase64("aaa", "bbb"))
                .isEqualTo("20BKS3PWnD3XU4JbSSZvVlGi2WWnDa8Sv9uHJ+wsELA=");
    }

    @Test
    void signIsHmacOfConsIdAmpersandTimestamp() {
        assertThat(BpjsSignature.sign("JAMSOS-SORONG", 1_700_000_000L, "s3cret"))
                .isEqualTo(BpjsSignature.hmacBase64("JAMSOS-SORONG&1700000000", "s3cret"))
                .isNotEqualTo(BpjsSignature.sign("JAMSOS-SORONG", 1_700_000_001L, "s3cret"))
                .isNotEqualTo(BpjsSignature.sign("JAMSOS-SORONG", 1_700_000_000L, "other"));
    }

    @Test
    void matchesComparesWholeValue() {
        String sig = BpjsSignature.sign("c", 1L, "k");
        assertThat(BpjsSignature.matches(sig, sig)).isTrue();
        assertThat(BpjsSignature.matches(sig, sig.substring(0, sig.length() - 1))).isFalse();
        assertThat(BpjsSignature.matches(sig, sig + "x")).isFalse();
        assertThat(BpjsSignature.matches(sig, null)).isFalse();
        assertThat(BpjsSignature.matches(null, sig)).isFalse();
    }

    @Test
    void headersCarryAllFourAndNeverTheSecret() {
        Map<String, String> headers = BpjsSignature.headers("JAMSOS-SORONG", "s3cret", "uk", 1_700_000_000L);
        assertThat(headers)
                .containsEntry("X-cons-id", "JAMSOS-SORONG")
                .containsEntry("X-timestamp", "1700000000")
                .containsEntry("X-signature", BpjsSignature.sign("JAMSOS-SORONG", 1_700_000_000L, "s3cret"))
                .containsEntry("user_key", "uk")
                .hasSize(4);
        assertThat(headers.values()).doesNotContain("s3cret");
    }

    @Test
    void headersWithoutUserKeyOmitIt() {
        assertThat(BpjsSignature.headers("c", "k", null, 5L)).doesNotContainKey("user_key").hasSize(3);
    }
}
