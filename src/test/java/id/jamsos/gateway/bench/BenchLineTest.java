package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class BenchLineTest {

    @Test
    void keysInOrderDecimalsWithADotWhateverTheLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            BenchLine line = BenchLine.scenario("e2e").put("rows", 19336).put("rows_per_s", 1234.5678, 1)
                    .put("bound_fraction", Double.POSITIVE_INFINITY, 2).put("note", "two words=x");
            assertThat(line.toString())
                    .isEqualTo("scenario=e2e rows=19336 rows_per_s=1234.6 bound_fraction=- note=two_words_x");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void parsesWhatItPrints() {
        BenchLine line = BenchLine.scenario("validate").put("seconds", 1.5, 3).put("ratio_to_floor", 2.0, 2);
        assertThat(BenchLine.parse(line.toString())).containsEntry("scenario", "validate")
                .containsEntry("seconds", "1.500").containsEntry("ratio_to_floor", "2.00");
    }

    @Test
    void refusesKeysThatWouldBreakTheLine() {
        assertThatThrownBy(() -> BenchLine.scenario("x").put("Rows Per S", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
