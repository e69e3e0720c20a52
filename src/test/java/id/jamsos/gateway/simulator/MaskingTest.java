package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void secretKeepsFirstTwoOnly() {
        assertThat(Masking.secret("demo-secret-change-me")).startsWith("de").doesNotContain("secret");
        assertThat(Masking.secret("ab")).isEqualTo("**");
    }
}
