package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The row rules as a file exercises them: several reasons at once, warnings, duplicates. */
class RowRulesInFileTest {

    private static final String HEADER = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PENGHASILAN\n";

    @TempDir
    Path dir;

    @Test
    void aRowMayBeRefusedForSeveralReasons() throws Exception {
        Read r = read(write(dir, "multi.csv", HEADER
                + "9.27101E+15;Budi 2;31/02/1990;X;;-5\n"));
        ValidatedRow row = r.row(0);
        assertThat(row.accepted()).isFalse();
        assertThat(row.worker()).isNull();
        assertThat(row.rawNik()).isEqualTo("9.27101E+15");
        assertThat(row.rejections()).extracting(RowRejection::field, RowRejection::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NIK", "NIK_SPREADSHEET"),
                org.assertj.core.groups.Tuple.tuple("NAMA", "NAME_DIGITS"),
                org.assertj.core.groups.Tuple.tuple("TGL_LAHIR", "BIRTHDATE_INVALID"),
                org.assertj.core.groups.Tuple.tuple("JENIS_KELAMIN", "SEX_INVALID"),
                org.assertj.core.groups.Tuple.tuple("PENGHASILAN", "INCOME_NEGATIVE"));
    }

    @Test
    void nikIsCheckedAgainstBirthDateAndSexOfTheSameRow() throws Exception {
        Read r = read(write(dir, "cross.csv", HEADER
                + MALE_1990 + ";Agustinus Kambu;12/06/1990;L;;\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;L;;\n"
                + MALE_1975 + ";Marthen Rumere;01/01/2030;L;;\n"));
        assertThat(r.row(0).rejections()).extracting(RowRejection::code).containsExactly("NIK_BIRTHDATE_MISMATCH");
        assertThat(r.row(1).rejections()).extracting(RowRejection::code).containsExactly("NIK_SEX_MISMATCH");
        // With TGL_LAHIR unusable, only the TGL_LAHIR reason is given.
        assertThat(r.row(2).rejections()).extracting(RowRejection::code).containsExactly("BIRTHDATE_FUTURE");
    }

    @Test
    void underPolicyRegistryABirthDateMismatchAloneIsSetAsideForTheRegistry() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withClock(CLOCK)
                .withNikBirthDate(NikBirthDatePolicy.parse("registry")));
        Read r = read(v, write(dir, "registry.csv", HEADER
                + MALE_1990 + ";Agustinus Kambu;12/06/1990;L;;\n"
                + FEMALE_1985 + ";Yosina Mambrasar;06/03/1985;L;;\n"
                + MALE_1975 + ";Marthen Rumere;12/06/1990;L;;\n"));
        // Only the birth date differs: accepted, the reason kept for the verification stage.
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).registryMayLift()).extracting(RowRejection::code).isEqualTo("NIK_BIRTHDATE_MISMATCH");
        // The sex differs too: refused as always, with both reasons.
        assertThat(r.row(1).accepted()).isFalse();
        assertThat(r.row(1).rejections()).extracting(RowRejection::code)
                .containsExactly("NIK_BIRTHDATE_MISMATCH", "NIK_SEX_MISMATCH");
        assertThat(r.row(2).accepted()).isTrue();
        // The default refuses, as before the setting.
        assertThat(read(write(dir, "refuse.csv", HEADER + MALE_1990 + ";Agustinus Kambu;12/06/1990;L;;\n"))
                .row(0).accepted()).isFalse();
        assertThat(NikBirthDatePolicy.parse(" REFUSE ")).isEqualTo(NikBirthDatePolicy.REFUSE);
        assertThat(NikBirthDatePolicy.parse("")).isEqualTo(NikBirthDatePolicy.REFUSE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NikBirthDatePolicy.parse("ask"))
                .hasMessageContaining("refuse or registry");
    }

    @Test
    void badPhoneIsDroppedWithAWarningNotARefusal() throws Exception {
        Read r = read(write(dir, "phone.csv", HEADER + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;0951-321456;\n"));
        ValidatedRow row = r.row(0);
        assertThat(row.accepted()).isTrue();
        assertThat(row.worker().phone()).isNull();
        assertThat(row.warnings()).singleElement().asString().contains("NO_HP").contains("left out");
    }

    @Test
    void defaultIncomeComesFromTheSettings() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(
                ValidationSettings.defaults().withClock(CLOCK).withDefaultMonthlyIncome(1_200_000));
        Read r = read(v, write(dir, "income.csv", HEADER
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;;\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P;;Rp 2.000.000\n"));
        assertThat(r.row(0).worker().monthlyIncome()).isEqualTo(1_200_000);
        assertThat(r.row(1).worker().monthlyIncome()).isEqualTo(2_000_000);
    }

    @Test
    void laterRowsWithASeenNikAreDuplicates() throws Exception {
        Read r = read(write(dir, "dup.csv", HEADER
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;;\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P;;\n"
                + "\n"
                + " " + MALE_1990 + " ;Agustinus Kambu;12/05/1990;L;;\n"
                + MALE_1990 + ";Agus Kambu;12/05/1990;L;;\n"));
        assertThat(r.rows()).extracting(ValidatedRow::rowNumber).containsExactly(2, 3, 5, 6);
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(1).accepted()).isTrue();
        for (ValidatedRow dup : r.rows().subList(2, 4)) {
            assertThat(dup.rejections()).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo("DUPLICATE_IN_FILE");
                assertThat(x.messageId()).isEqualTo("Duplikat dari baris 2");
                assertThat(x.messageEn()).isEqualTo("Duplicate of row 2");
            });
        }
    }

    @Test
    void aRefusedFirstRowStillMakesLaterOnesDuplicates() throws Exception {
        Read r = read(write(dir, "dup2.csv", HEADER
                + MALE_1990 + ";;12/05/1990;L;;\n"
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;;\n"));
        assertThat(r.row(0).rejections()).extracting(RowRejection::code).containsExactly("NAME_MISSING");
        assertThat(r.row(1).rejections()).extracting(RowRejection::code).containsExactly("DUPLICATE_IN_FILE");
    }

    @Test
    void valuesBeyondTheHeaderAreWarnedAbout() throws Exception {
        Read r = read(write(dir, "extra.csv", "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n"
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;Jl. Arfak\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).warnings()).singleElement().asString().contains("beyond the header");
    }
}
