package id.jamsos.gateway.claims;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.ClaimNotice;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 14, item 2: identifiers and logged fields. */
class ClaimShapeTest {

    static ClaimNotice withId(String claimId) {
        return new ClaimNotice(claimId, "JKK", "48213377120", null, 1_000L,
                List.of(new ClaimNotice.Component("BIAYA_PERAWATAN", 1_000L)), "2026-05-31T03:12:45Z", null);
    }

    @Test
    void identifiersWithControlOrInvisibleCharactersAreRefused() {
        assertThat(ClaimShape.problems(withId("JKK-1"))).isEmpty();
        for (String bad : List.of("JKK-1\r\nINFO forged", "JKK-1\u200b", "JKK\u202e-1", "JKK-1\u0000", "JKK-1\u2028",
                "JKK 1", "x".repeat(65))) {
            assertThat(ClaimShape.problems(withId(bad))).as(bad).isNotEmpty();
            assertThat(String.join(" ", ClaimShape.problems(withId(bad)))).doesNotContain("forged");
        }
    }

    @Test
    void aLoggedFieldHasNoFullNikAndNoLineBreak() {
        String shown = ClaimShape.forLog("9271014501900001\r\nINFO forged");
        assertThat(shown).doesNotContain("9271014501900001").doesNotContain("\n").doesNotContain("\r")
                .contains("9271********0001");
    }

    @Test
    void theStrictReaderRefusesDuplicateKeysAndFractionalAmounts() {
        ObjectMapper strict = ClaimJson.strict(new ObjectMapper());
        String ok = "{\"claimId\":\"C-1\",\"claimType\":\"JKK\",\"kpj\":\"48213377120\",\"amount\":7500000,"
                + "\"paidAt\":\"2026-05-31T03:12:45Z\"}";
        assertThatThrownBy(() -> strict.readValue(ok.replace("7500000,", "7500000.99,"), ClaimNotice.class))
                .isNotNull();
        assertThatThrownBy(() -> strict.readValue(ok.replace("\"amount\":7500000,", "\"amount\":1,\"amount\":7500000,"),
                ClaimNotice.class)).isNotNull();
        assertThatThrownBy(() -> strict.readValue(ok.replace("7500000,", "10000000000000000000,"), ClaimNotice.class))
                .isNotNull();
    }

    @Test
    void whatThePullCannotReadKeepsItsReadableParts() throws Exception {
        ClaimNotice parts = ClaimPuller.readableParts(new ObjectMapper().readTree(
                "{\"claimId\":\"C-9\",\"claimType\":\"JKK\",\"kpj\":\"48213377120\",\"amount\":7500000.99,"
                        + "\"paidAt\":\"2026-05-31T03:12:45Z\"}"));
        assertThat(parts.claimId()).isEqualTo("C-9");
        assertThat(parts.amount()).as("never truncated into a valid-looking amount").isZero();
        assertThat(ClaimPuller.readableParts(new ObjectMapper().readTree("[1]"))).isNull();
    }
}
