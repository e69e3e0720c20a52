package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void nikKeepsFirstFourAndLastFour() {
        assertThat(Masking.nik("9271014507900001")).isEqualTo("9271********0001");
        assertThat(Masking.nik("123")).isEqualTo("***");
        assertThat(Masking.nik(null)).isEqualTo("null");
    }

    @Test
    void secretKeepsFirstTwoOnly() {
        assertThat(Masking.secret("demo-secret-change-me")).startsWith("de").doesNotContain("secret");
        assertThat(Masking.secret("ab")).isEqualTo("**");
    }
}
