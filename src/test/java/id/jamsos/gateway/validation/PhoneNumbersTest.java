package id.jamsos.gateway.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "081234567890, +6281234567890",
            "0812-3456-7890, +6281234567890",
            "+62 812 3456 7890, +6281234567890",
            "6281234567890, +6281234567890",
            "81234567890, +6281234567890",
            "(0812) 3456.7890, +6281234567890",
            "0812345678, +62812345678",
            "08123456789012, +628123456789012"
    })
    void normalisesToPlus62(String raw, String expected) {
        assertThat(PhoneNumbers.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "0951-321456", "08123", "081234567890123", "0812abc45678", "+1 415 555 0100",
            "62 21 5551234"})
    void unreadableNumbersAreDropped(String raw) {
        assertThat(PhoneNumbers.normalize(raw)).isNull();
    }
}
