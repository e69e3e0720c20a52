package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BirthDatesTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);

    @ParameterizedTest
    @CsvSource({
            "12-05-1990, 1990-05-12",
            "12/05/1990, 1990-05-12",
            "1990-05-12, 1990-05-12",
            "5/3/1985, 1985-03-05",
            "29/02/2000, 2000-02-29",
            "30/06/2025, 2025-06-30"
    })
    void readsTheThreeFormats(String raw, LocalDate expected) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(BirthDates.parse(raw, TODAY, r)).isEqualTo(expected);
        assertThat(r).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "'', BIRTHDATE_MISSING",
            "12.05.1990, BIRTHDATE_FORMAT",
            "12/05/90, BIRTHDATE_FORMAT",
            "32874, BIRTHDATE_FORMAT",
            "12-05/1990, BIRTHDATE_FORMAT",
            "31/02/1990, BIRTHDATE_INVALID",
            "29/02/1900, BIRTHDATE_INVALID",
            "12/13/1990, BIRTHDATE_INVALID",
            "01/07/2025, BIRTHDATE_FUTURE",
            "01/01/1899, BIRTHDATE_TOO_OLD"
    })
    void refuses(String raw, String code) {
        List<RowRejection> r = new ArrayList<>();
        assertThat(BirthDates.parse(raw, TODAY, r)).isNull();
        assertThat(r).extracting(RowRejection::code).containsExactly(code);
        assertThat(r.get(0).field()).isEqualTo("TGL_LAHIR");
    }
}
