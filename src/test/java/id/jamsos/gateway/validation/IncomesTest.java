package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncomesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1000000|1000000",
            "1.000.000|1000000",
            "Rp 1.000.000|1000000",
            "Rp1.500.000|1500000",
            "Rp. 2.000.000|2000000",
            "IDR 750000|750000",
            "Rp 1.000.000,-|1000000",
            "1.000.000,00|1000000",
            "1,000,000|1000000",
            "0|0"
    })
    void readsWholeRupiah(String raw, long expected) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Incomes.parse(raw, 1_000_000, r)).isEqualTo(expected);
        assertThat(r).isEmpty();
    }

    @Test
    void emptyMeansTheDefault() {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Incomes.parse("", 1_234_000, r)).isEqualTo(1_234_000);
        assertThat(Incomes.parse("   ", 1_234_000, r)).isEqualTo(1_234_000);
        assertThat(Incomes.parse(null, 1_234_000, r)).isEqualTo(1_234_000);
        assertThat(r).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-500000", "Rp -1.000.000", "(500000)"})
    void negativeIsRefused(String raw) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Incomes.parse(raw, 1_000_000, r)).isEqualTo(-1);
        assertThat(r).extracting(RowRejection::code).containsExactly("INCOME_NEGATIVE");
        assertThat(r.get(0).field()).isEqualTo("PENGHASILAN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"satu juta", "1jt", "1.5", "1.000.000,50", "12.34.567", "9271011205900001234", "Rp"})
    void nonNumericIsRefused(String raw) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(Incomes.parse(raw, 1_000_000, r)).isEqualTo(-1);
        assertThat(r).extracting(RowRejection::code).containsExactly("INCOME_INVALID");
    }
}
