package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SexValuesTest {

    @ParameterizedTest
    @CsvSource({"L, L", "l, L", "Laki-Laki, L", "LAKI LAKI, L", "laki-laki, L", "M, L", "m, L", "Pria, L",
            "P, P", "p, P", "Perempuan, P", "PEREMPUAN, P", "F, P", "f, P", "Wanita, P"})
    void readsTheWordsAgenciesUse(String raw, Sex expected) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(SexValues.parse(raw, r)).isEqualTo(expected);
        assertThat(r).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X", "1", "LP", "Laki-laki/Perempuan"})
    void refusesOtherValues(String raw) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(SexValues.parse(raw, r)).isNull();
        assertThat(r).extracting(RowRejection::code).containsExactly("SEX_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesEmpty(String raw) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(SexValues.parse(raw, r)).isNull();
        assertThat(r).extracting(RowRejection::code).containsExactly("SEX_MISSING");
    }
}
