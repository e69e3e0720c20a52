package id.jamsos.gateway.nik;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NikTest {

    // Male born 12 May 1990 in Kota Sorong (92.71), district 01, serial 0001.
    private static final String MALE = "9271011205900001";
    // Female born 5 March 1985: day 05 + 40 = 45.
    private static final String FEMALE = "9671024503850123";

    private static List<String> codes(List<RowRejection> r) {
        return r.stream().map(RowRejection::code).toList();
    }

    @Test
    void acceptsValidMaleAndFemale() {
        assertThat(Nik.check(MALE, LocalDate.of(1990, 5, 12), Sex.L)).isEmpty();
        assertThat(Nik.check(FEMALE, LocalDate.of(1985, 3, 5), Sex.P)).isEmpty();
        assertThat(Nik.check("  " + MALE + " ", null, null)).isEmpty();
    }

    @Test
    void womenHaveFortyAddedToTheDay() {
        assertThat(Nik.sexOf(FEMALE)).isEqualTo(Sex.P);
        assertThat(Nik.sexOf(MALE)).isEqualTo(Sex.L);
        assertThat(Nik.birthDateOf(FEMALE, 19)).isEqualTo(LocalDate.of(1985, 3, 5));
        assertThat(Nik.birthSegment(LocalDate.of(1985, 3, 5), Sex.P)).isEqualTo("450385");
        assertThat(Nik.birthSegment(LocalDate.of(2001, 12, 31), Sex.L)).isEqualTo("311201");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.27101E+15", "9,27101E+15", "9.27101e15", "9271011205900000.0", "9.271.011.205.900.000"})
    void spreadsheetDamageIsNamed(String damaged) {
        List<RowRejection> r = Nik.check(damaged, LocalDate.of(1990, 5, 12), Sex.L);
        assertThat(codes(r)).containsExactly("NIK_SPREADSHEET");
        assertThat(r.get(0).messageId()).contains("spreadsheet").contains("teks");
        assertThat(r.get(0).messageEn()).contains("retype it as text");
        assertThat(r.get(0).field()).isEqualTo("NIK");
    }

    @Test
    void lettersAndLength() {
        assertThat(codes(Nik.check("92710112059O0001", null, null))).containsExactly("NIK_NOT_DIGITS");
        assertThat(codes(Nik.check("92710112059O001", null, null))).containsExactly("NIK_NOT_DIGITS", "NIK_LENGTH");
        assertThat(codes(Nik.check("927101120590001", null, null))).containsExactly("NIK_LENGTH");
        assertThat(codes(Nik.check("92710112059000011", null, null))).containsExactly("NIK_LENGTH");
        assertThat(codes(Nik.check("", null, null))).containsExactly("NIK_MISSING");
        assertThat(codes(Nik.check(null, null, null))).containsExactly("NIK_MISSING");
    }

    @Test
    void provinceThatDoesNotExistIsRefused() {
        assertThat(codes(Nik.check("0071011205900001", null, null))).containsExactly("NIK_PROVINCE");
        assertThat(codes(Nik.check("9971011205900001", null, null))).containsExactly("NIK_PROVINCE");
        assertThat(codes(Nik.check("2071011205900001", null, null))).containsExactly("NIK_PROVINCE");
        assertThat(Nik.check("9671011205900001", null, null)).isEmpty();
    }

    @Test
    void serialZeroRegencyZeroDistrictZero() {
        assertThat(codes(Nik.check("9271011205900000", null, null))).containsExactly("NIK_SERIAL");
        assertThat(codes(Nik.check("9200011205900001", null, null))).containsExactly("NIK_REGENCY");
        assertThat(codes(Nik.check("9271001205900001", null, null))).containsExactly("NIK_DISTRICT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9271010005900001", "9271013205900001", "9271014005900001", "9271017205900001",
            "9271013102900001", "9271011213900001", "9271011200900001", "9271013002900001", "9271012902010001"})
    void birthSegmentMustBeARealDate(String nik) {
        assertThat(codes(Nik.check(nik, null, null))).containsExactly("NIK_BIRTHDATE");
    }

    @Test
    void leapDayDependsOnTheCentury() {
        // 29-02-00: 2000 was a leap year, 1900 was not.
        String nik = "9271012902000001";
        assertThat(Nik.check(nik, null, null)).isEmpty();
        assertThat(Nik.check(nik, LocalDate.of(2000, 2, 29), Sex.L)).isEmpty();
        assertThat(Nik.birthDateOf(nik, 19)).isNull();
    }

    @Test
    void birthDateMustAgreeWithTglLahir() {
        List<RowRejection> r = Nik.check(MALE, LocalDate.of(1990, 6, 12), Sex.L);
        assertThat(codes(r)).containsExactly("NIK_BIRTHDATE_MISMATCH");
        // The clerk sees both dates and the sex the NIK encodes, so they can tell which side is wrong.
        assertThat(r.get(0).messageId()).isEqualTo(
                "Tanggal lahir di NIK 12-05-1990 (laki-laki) tidak sama dengan TGL_LAHIR 12-06-1990: beda bulan");
        assertThat(r.get(0).messageEn()).isEqualTo(
                "The NIK's birth date 12-05-1990 (male) does not match TGL_LAHIR 12-06-1990: month differs");
        assertThat(Nik.check(FEMALE, LocalDate.of(1986, 3, 6), Sex.P).get(0).messageEn()).isEqualTo(
                "The NIK's birth date 05-03-1985 (female) does not match TGL_LAHIR 06-03-1986: day, year differ");
        assertThat(codes(Nik.check(MALE, LocalDate.of(1991, 5, 12), Sex.L))).containsExactly("NIK_BIRTHDATE_MISMATCH");
        assertThat(codes(Nik.check(MALE, LocalDate.of(1990, 5, 13), Sex.L))).containsExactly("NIK_BIRTHDATE_MISMATCH");
        // Only the two-digit year is in the NIK.
        assertThat(Nik.check(MALE, LocalDate.of(1890, 5, 12), Sex.L)).isEmpty();
    }

    @Test
    void sexMustAgreeWithJenisKelamin() {
        assertThat(codes(Nik.check(MALE, LocalDate.of(1990, 5, 12), Sex.P))).containsExactly("NIK_SEX_MISMATCH");
        assertThat(codes(Nik.check(FEMALE, LocalDate.of(1985, 3, 5), Sex.L))).containsExactly("NIK_SEX_MISMATCH");
        // Both say what the NIK holds and what the column says.
        assertThat(Nik.check(FEMALE, LocalDate.of(1985, 3, 5), Sex.L).get(0).messageId())
                .isEqualTo("NIK menunjukkan perempuan (tanggal 45 = tanggal lahir 5 + 40) tetapi JENIS_KELAMIN L (laki-laki)");
        assertThat(Nik.check(MALE, LocalDate.of(1990, 5, 12), Sex.P).get(0).messageEn())
                .isEqualTo("The NIK says male (day 12, without + 40) but JENIS_KELAMIN is P"
                        + " (female; a woman's NIK carries the birth day + 40, e.g. 52)");
        // A woman whose NIK lacks the +40: the day agrees but the sex does not.
        assertThat(codes(Nik.check("9671020503850123", LocalDate.of(1985, 3, 5), Sex.P)))
                .containsExactly("NIK_SEX_MISMATCH");
    }

    @Test
    void oneRefusalListsSeveralReasons() {
        assertThat(codes(Nik.check("9971001205910000", LocalDate.of(1990, 5, 12), Sex.P)))
                .containsExactlyInAnyOrder("NIK_PROVINCE", "NIK_DISTRICT", "NIK_SERIAL",
                        "NIK_BIRTHDATE_MISMATCH", "NIK_SEX_MISMATCH");
    }

    @Test
    void everyMessageIsBilingualAndCarriesNoNik() {
        List<RowRejection> r = Nik.check("9971001205910000", LocalDate.of(1990, 5, 12), Sex.P);
        assertThat(r).allSatisfy(x -> {
            assertThat(x.messageId()).isNotBlank().doesNotContain("9971001205910000");
            assertThat(x.messageEn()).isNotBlank().doesNotContain("9971001205910000").isNotEqualTo(x.messageId());
        });
    }
}
