package id.jamsos.gateway.nik;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProvinceCodesTest {

    @Test
    void thirtyEightProvincesIncludingThePapuaSplits() {
        assertThat(ProvinceCodes.all()).hasSize(38)
                .contains(11, 19, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 92, 93, 94, 95, 96);
    }

    @Test
    void gapsAndEdgesAreNotProvinces() {
        for (int code : new int[] {0, 10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 97, 99}) {
            assertThat(ProvinceCodes.isValid(code)).as("code %d", code).isFalse();
        }
        assertThat(ProvinceCodes.isValid("96")).isTrue();
        assertThat(ProvinceCodes.isValid("9a")).isFalse();
        assertThat(ProvinceCodes.isValid("960")).isFalse();
        assertThat(ProvinceCodes.isValid((String) null)).isFalse();
    }
}
