package id.jamsos.gateway.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule for a NIK stored as a number cell, on the raw values an .xlsx can hold. */
class NumericNikTest {

    @Test
    void exactSixteenDigitsBelowTwoToThe53AreRead() {
        for (String raw : new String[] {"7371015601920003", "7.371015601920003E15", "7371015601920003.0", " 7371015601920003 "}) {
            NumericNik.Reading r = NumericNik.read(raw);
            assertThat(r.damage()).as(raw).isNull();
            assertThat(r.shown()).as(raw).isEqualTo("7371015601920003");
        }
        assertThat(NumericNik.read("9007199254740991").damage()).isNull(); // 2^53 - 1
    }

    @Test
    void aboveTwoToThe53IsRefusedEvenWhenTheDigitsLookRight() {
        assertThat(NumericNik.EXACT_LIMIT.toString()).isEqualTo("9007199254740992");
        // Kota Sorong's NIKs all lie above 2^53: odd ones cannot even be stored.
        for (String raw : new String[] {"9271011205900001", "9271011205900002", "9.271011205900002E15", "9007199254740993"}) {
            NumericNik.Reading r = NumericNik.read(raw);
            assertThat(r.damage()).as(raw).isNotNull();
            assertThat(r.damage().code()).isEqualTo("NIK_SPREADSHEET");
            assertThat(r.damage().messageEn()).contains("damaged by the spreadsheet", "format the NIK column as Text");
            assertThat(r.damage().messageId()).contains("rusak oleh spreadsheet");
        }
        assertThat(NumericNik.read("9.27101E+15").shown()).isEqualTo("9271010000000000");
    }

    @Test
    void aSixteenDigitValueEndingInZeroMayHaveLostItsLastDigit() {
        NumericNik.Reading typedInExcel = NumericNik.read("7371015601920010");
        assertThat(typedInExcel.damage().code()).isEqualTo("NIK_SPREADSHEET");
        assertThat(typedInExcel.damage().messageEn()).contains("possibly", "15 digits");
        assertThat(NumericNik.read("7.37101E+15").damage()).isNotNull();
    }

    @Test
    void fractionsAndNonsenseAreRefused() {
        assertThat(NumericNik.read("3171011205900001.5").damage()).isNotNull();
        assertThat(NumericNik.read("3171011205900001.5").shown()).isEqualTo("3171011205900001.5");
        assertThat(NumericNik.read("1E+999999999").damage()).isNotNull();
        assertThat(NumericNik.read("abc").damage()).isNotNull();
    }

    @Test
    void shorterNumbersAreHandedToTheOrdinaryRules() {
        NumericNik.Reading r = NumericNik.read("737101560192003");
        assertThat(r.damage()).isNull();
        assertThat(r.shown()).isEqualTo("737101560192003");
    }
}
