package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Agustinus Kambu|Agustinus Kambu",
            "  Yosina   Mambrasar |Yosina Mambrasar",
            "La Ode Muh. Ma'ruf|La Ode Muh. Ma'ruf",
            "Ma’ruf Amin|Ma'ruf Amin",
            "Siti Nur-Aisyah, S.Pd.|Siti Nur-Aisyah, S.Pd.",
            "André Rumbiak|André Rumbiak",
            "Ni Made Séptiani|Ni Made Séptiani"
    })
    void acceptsAndNormalises(String raw, String expected) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Names.normalize(raw, r)).isEqualTo(expected);
        assertThat(r).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|NAME_MISSING",
            "'   '|NAME_MISSING",
            "Budi 2|NAME_DIGITS",
            "Yohanes (Anis)|NAME_CHARACTERS",
            "=HYPERLINK(x)|NAME_CHARACTERS",
            "...|NAME_CHARACTERS"
    })
    void refuses(String raw, String code) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Names.normalize(raw, r)).isNull();
        assertThat(r).extracting(RowRejection::code).containsExactly(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 300})
    void refusesOverlongNames(int length) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Names.normalize("a".repeat(length), r)).isNull();
        assertThat(r).extracting(RowRejection::code).containsExactly("NAME_TOO_LONG");
    }
}
