package id.jamsos.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NikMaskTest {

    @Test
    void showsFirstAndLastFourOnly() {
        assertThat(NikMask.mask("3171234567890123")).isEqualTo("3171********0123");
        assertThat(NikMask.mask("123")).isEqualTo("********");
        assertThat(NikMask.mask(null)).isNull();
    }

    @Test
    void scrubsEverySixteenDigitRunButNotOtherNumbers() {
        assertThat(NikMask.scrub("VALUES ('3171234567890123') and 3171234567890124; KPJ 12345678901, 17-digit 31712345678901234"))
                .isEqualTo("VALUES ('3171********0123') and 3171********0124; KPJ 12345678901, 17-digit 31712345678901234");
    }
}
