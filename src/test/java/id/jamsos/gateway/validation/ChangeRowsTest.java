package id.jamsos.gateway.validation;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowChange;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Change files (issue 16): the AKSI column and the rules of each action, good rows and bad. */
class ChangeRowsTest {

    private static final String HEADER =
            "NIK;AKSI;NAMA;TGL_LAHIR;JENIS_KELAMIN;PENGHASILAN;NO_HP;ALASAN_BERHENTI;BULAN_TERAKHIR;INSTANSI_TUJUAN\n";

    @TempDir
    Path dir;

    @Test
    void aChangeFileNeedsOnlyTheNikBesideItsAksiColumn() throws Exception {
        Read r = read(write(dir, "berhenti.csv", "NIK;AKSI;ALASAN;BULAN_TERAKHIR\n"
                + MALE_1990 + ";berhenti;Meninggal;03/2025\n"
                + FEMALE_1985 + ";BERHENTI;pindah domisili;2025-04\n"
                + MALE_1975 + ";Berhenti;SALAH_DAFTAR;5-2025\n"
                + FEMALE_1992 + ";BERHENTI;OTHER_PAYER;2025-06-01\n"));
        assertThat(r.rows()).allMatch(ValidatedRow::accepted).allMatch(ValidatedRow::isChange);
        assertThat(r.rows()).extracting(row -> row.change().reason(), row -> row.change().lastMonth()).containsExactly(
                tuple(EndReason.DIED, YearMonth.of(2025, 3)),
                tuple(EndReason.MOVED, YearMonth.of(2025, 4)),
                tuple(EndReason.WITHDRAWN, YearMonth.of(2025, 5)),
                tuple(EndReason.OTHER_PAYER, YearMonth.of(2025, 6)));
        RowChange first = r.row(0).change();
        assertThat(first.action()).isEqualTo(ChangeAction.BERHENTI);
        assertThat(first.nik()).isEqualTo(MALE_1990);
        assertThat(r.row(0).worker()).isNull();
    }

    @Test
    void withoutAnAksiColumnTheEnrollmentColumnsStayRequired() {
        assertThatThrownBy(() -> read(write(dir, "tanpa_aksi.csv", "NIK;ALASAN;BULAN_TERAKHIR\n"
                + MALE_1990 + ";MENINGGAL;03/2025\n")))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("NAMA").hasMessageContaining("TGL_LAHIR").hasMessageContaining("JENIS_KELAMIN");
    }

    @Test
    void daftarRowsOfAChangeFileKeepEveryEnrollmentRule() throws Exception {
        Read r = read(write(dir, "campur.csv", HEADER
                + MALE_1990 + ";;Agustinus Kambu;12/05/1990;L;;;;;\n"
                + FEMALE_1985 + ";DAFTAR;Yosina Mambrasar;05/03/1985;L;;;;;\n"
                + MALE_1975 + ";daftar;;;;;;;;\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).action()).isEqualTo(ChangeAction.DAFTAR);
        assertThat(r.row(0).worker().name()).isEqualTo("Agustinus Kambu");
        assertThat(r.row(0).isChange()).isFalse();
        assertThat(r.row(1).rejections()).extracting(RowRejection::code).containsExactly("NIK_SEX_MISMATCH");
        assertThat(r.row(2).rejections()).extracting(RowRejection::code)
                .containsExactly("NAME_MISSING", "BIRTHDATE_MISSING", "SEX_MISSING");
    }

    @Test
    void berhentiNeedsAKnownReasonAndAMonth() throws Exception {
        Read r = read(write(dir, "berhenti_salah.csv", HEADER
                + MALE_1990 + ";BERHENTI;;;;;;;;\n"
                + FEMALE_1985 + ";BERHENTI;;;;;;BOSAN;13/2025;\n"
                + MALE_1975 + ";BERHENTI;;;;;;BUDGET_ENDED;31/03/2025;\n"
                + "92710112059;BERHENTI;;;;;;MENINGGAL;03/2025;\n"));
        assertThat(r.row(0).rejections()).extracting(RowRejection::field, RowRejection::code).containsExactly(
                tuple("ALASAN_BERHENTI", "REASON_MISSING"), tuple("BULAN_TERAKHIR", "LAST_MONTH_MISSING"));
        assertThat(r.row(1).rejections()).extracting(RowRejection::field, RowRejection::code).containsExactly(
                tuple("ALASAN_BERHENTI", "REASON_UNKNOWN"), tuple("BULAN_TERAKHIR", "LAST_MONTH_FORMAT"));
        assertThat(r.row(1).rejections().get(0).messageId()).contains("'BOSAN'", "MENINGGAL");
        assertThat(r.row(1).rejections().get(0).messageEn()).contains("'BOSAN'", "is not a reason");
        // The gateway's own reasons are not the agency's to give.
        assertThat(r.row(2).rejections()).extracting(RowRejection::code)
                .containsExactly("REASON_UNKNOWN", "LAST_MONTH_FORMAT");
        assertThat(r.row(3).rejections()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(tuple("NIK", "NIK_LENGTH"));
        assertThat(r.rows()).noneMatch(ValidatedRow::accepted).allMatch(row -> row.action() == ChangeAction.BERHENTI);
    }

    @Test
    void koreksiChangesOnlyWhatItFillsInValidatedAsForEnrollment() throws Exception {
        Read r = read(write(dir, "koreksi.csv", HEADER
                + MALE_1990 + ";KOREKSI;Agustinus  Kambu;;;;;;;\n"
                // A corrected birth date may disagree with the NIK's digits: the NIK never changes.
                + FEMALE_1985 + ";KOREKSI;;06/03/1984;;Rp 2.500.000;0812-3456-7890;;;\n"))
                ;
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        RowChange name = r.row(0).change();
        assertThat(name.action()).isEqualTo(ChangeAction.KOREKSI);
        assertThat(name.name()).isEqualTo("Agustinus Kambu");
        assertThat(name.birthDate()).isNull();
        assertThat(name.monthlyIncome()).isNull();
        assertThat(name.phone()).isNull();
        RowChange rest = r.row(1).change();
        assertThat(rest.name()).isNull();
        assertThat(rest.birthDate()).isEqualTo(LocalDate.of(1984, 3, 6));
        assertThat(rest.monthlyIncome()).isEqualTo(2_500_000L);
        assertThat(rest.phone()).isEqualTo("+6281234567890");
    }

    @Test
    void koreksiMayCorrectTheVillageAndTradeUnderTheEnrollmentsColumnNames() throws Exception {
        // The enrollment's aliases (Column.KELURAHAN, Column.PEKERJAAN): DESA, JENIS PEKERJAAN.
        Read r = read(write(dir, "koreksi_desa.csv", "NIK;AKSI;NAMA;DESA;JENIS PEKERJAAN\n"
                + MALE_1990 + ";KOREKSI;;  Remu   Utara ;\n"
                + FEMALE_1985 + ";KOREKSI;;;Tukang  Ojek\n"
                + MALE_1975 + ";KOREKSI;Agustinus Kambu;Klasaman;nelayan\n"
                + FEMALE_1992 + ";KOREKSI;;;\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).change().kelurahan()).isEqualTo("Remu Utara");
        assertThat(r.row(0).change().occupation()).isNull();
        assertThat(r.row(0).change().name()).isNull();
        assertThat(r.row(1).change().occupation()).isEqualTo("Tukang Ojek");
        assertThat(r.row(1).change().kelurahan()).isNull();
        assertThat(r.row(2).change()).extracting(RowChange::name, RowChange::kelurahan, RowChange::occupation)
                .containsExactly("Agustinus Kambu", "Klasaman", "nelayan");
        // Nothing filled in: refused, the message naming the two new columns too.
        assertThat(r.row(3).rejections()).extracting(RowRejection::code).containsExactly("CORRECTION_EMPTY");
        assertThat(r.row(3).rejections().get(0).field()).contains("KELURAHAN", "PEKERJAAN");
        assertThat(r.row(3).rejections().get(0).messageId()).contains("KELURAHAN, DISTRIK, PEKERJAAN");
        assertThat(r.row(3).rejections().get(0).messageEn()).contains("KELURAHAN, DISTRIK, PEKERJAAN");
    }

    @Test
    void koreksiMayCorrectTheDistrictUnderTheEnrollmentsColumnNames() throws Exception {
        // A worker moved to a village of another district: both, under the enrollment's names (Column.DISTRIK).
        Read r = read(write(dir, "koreksi_distrik.csv", "NIK;AKSI;KELURAHAN;DISTRIK\n"
                + MALE_1990 + ";KOREKSI;Remu Utara;  Sorong   Manoi \n"
                + FEMALE_1985 + ";KOREKSI;;Sorong Barat\n"
                + MALE_1975 + ";KOREKSI;Klasaman;\n"));
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.row(0).change()).extracting(RowChange::kelurahan, RowChange::district, RowChange::name)
                .containsExactly("Remu Utara", "Sorong Manoi", null);
        // The district alone is a correction of its own.
        assertThat(r.row(1).change()).extracting(RowChange::kelurahan, RowChange::district)
                .containsExactly(null, "Sorong Barat");
        assertThat(r.row(2).change().district()).isNull();
        // KECAMATAN, the enrollment's other name for it.
        Read k = read(write(dir, "koreksi_kecamatan.csv", "NIK;AKSI;Kecamatan\n" + MALE_1990 + ";KOREKSI;Sorong Timur\n"));
        assertThat(k.row(0).accepted()).isTrue();
        assertThat(k.row(0).change().district()).isEqualTo("Sorong Timur");
    }

    @Test
    void koreksiOfTheIncomeTakesAnEffectiveMonthWrittenAsBulanTerakhirIs() throws Exception {
        Read r = read(write(dir, "koreksi_bulan.csv", "NIK;AKSI;NAMA;PENGHASILAN;BULAN_BERLAKU\n"
                + MALE_1990 + ";KOREKSI;;3.000.000;07/2026\n"
                + FEMALE_1985 + ";KOREKSI;;3.000.000;2026-06\n"
                + MALE_1975 + ";KOREKSI;;3.000.000;5-2026\n"
                // Without it, the income holds from the month the change is applied (decided by the ledger).
                + FEMALE_1992 + ";KOREKSI;;3.000.000;\n"));
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.rows()).extracting(row -> row.change().incomeFrom()).containsExactly(
                YearMonth.of(2026, 7), YearMonth.of(2026, 6), YearMonth.of(2026, 5), null);
    }

    @Test
    void aBadEffectiveMonthIsRefusedAndOneWithoutAnIncomeIsIgnoredWithAWarning() throws Exception {
        Read r = read(write(dir, "koreksi_bulan_salah.csv", "NIK;AKSI;NAMA;PENGHASILAN;BULAN_BERLAKU\n"
                + MALE_1990 + ";KOREKSI;;3.000.000;13/2026\n"
                + FEMALE_1985 + ";KOREKSI;;3.000.000;Juli\n"
                + MALE_1975 + ";KOREKSI;Agustinus Kambu;;07/2026\n"));
        assertThat(r.row(0).rejections()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(tuple("BULAN_BERLAKU", "EFFECTIVE_MONTH_FORMAT"));
        assertThat(r.row(0).rejections().get(0).messageId()).contains("BULAN_BERLAKU harus bulan dan tahun");
        assertThat(r.row(0).rejections().get(0).messageEn()).contains("BULAN_BERLAKU must be a month and year");
        assertThat(r.row(1).rejections()).extracting(RowRejection::code).containsExactly("EFFECTIVE_MONTH_FORMAT");
        assertThat(r.row(2).accepted()).isTrue();
        assertThat(r.row(2).change().incomeFrom()).isNull();
        assertThat(r.row(2).warnings()).anyMatch(w -> w.contains("BULAN_BERLAKU hanya untuk koreksi PENGHASILAN")
                && w.contains("only for a correction of PENGHASILAN"));
    }

    @Test
    void koreksiWithNothingToCorrectOrBadValuesIsRefused() throws Exception {
        Read r = read(write(dir, "koreksi_salah.csv", HEADER
                + MALE_1990 + ";KOREKSI;;;;;;;;\n"
                + FEMALE_1985 + ";KOREKSI;Budi 2;31/02/1990;;-5;0951-321456;;;\n"));
        assertThat(r.row(0).rejections()).extracting(RowRejection::code).containsExactly("CORRECTION_EMPTY");
        assertThat(r.row(0).rejections().get(0).messageId()).contains("KOREKSI", "NAMA");
        assertThat(r.row(0).rejections().get(0).messageEn()).contains("at least one of NAMA");
        assertThat(r.row(1).rejections()).extracting(RowRejection::field, RowRejection::code).containsExactly(
                tuple("NAMA", "NAME_DIGITS"), tuple("TGL_LAHIR", "BIRTHDATE_INVALID"),
                tuple("PENGHASILAN", "INCOME_NEGATIVE"), tuple("NO_HP", "PHONE_INVALID"));
    }

    @Test
    void pindahNeedsATargetAgency() throws Exception {
        Read r = read(write(dir, "pindah.csv", "NIK;AKSI;AGENSI_TUJUAN\n"
                + MALE_1990 + ";PINDAH;dinsos-sorong\n"
                + FEMALE_1985 + ";PINDAH;\n"
                + MALE_1975 + ";PINDAH;Dinas Sosial\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).change().targetAgencyId()).isEqualTo("dinsos-sorong");
        assertThat(r.row(1).rejections()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(tuple("INSTANSI_TUJUAN", "TARGET_MISSING"));
        assertThat(r.row(2).rejections()).extracting(RowRejection::code).containsExactly("TARGET_FORMAT");
    }

    @Test
    void anUnknownActionIsARowRejectionAndASecondRowOfANikADuplicate() throws Exception {
        Read r = read(write(dir, "aksi.csv", "NIK;ACTION;NAMA\n"
                + MALE_1990 + ";HAPUS;Agustinus Kambu\n"
                + MALE_1990 + ";KOREKSI;Agustinus Kambu\n"));
        ValidatedRow unknown = r.row(0);
        assertThat(unknown.accepted()).isFalse();
        assertThat(unknown.action()).isNull();
        assertThat(unknown.rejections()).singleElement().satisfies(why -> {
            assertThat(why.field()).isEqualTo("AKSI");
            assertThat(why.code()).isEqualTo("ACTION_UNKNOWN");
            assertThat(why.messageId()).contains("'HAPUS'", "tidak dikenal", "BERHENTI");
            assertThat(why.messageEn()).contains("'HAPUS'", "is not an action");
        });
        assertThat(r.row(1).rejections()).extracting(RowRejection::code).containsExactly("DUPLICATE_IN_FILE");
    }

    @Test
    void monthsAreReadInTheShapesClerksWriteThem() {
        assertThat(ChangeRules.month("03/2025")).isEqualTo(YearMonth.of(2025, 3));
        assertThat(ChangeRules.month("3-2025")).isEqualTo(YearMonth.of(2025, 3));
        assertThat(ChangeRules.month("2025-03")).isEqualTo(YearMonth.of(2025, 3));
        assertThat(ChangeRules.month("2025-03-01")).isEqualTo(YearMonth.of(2025, 3));
        assertThat(ChangeRules.month("2025/03")).isNull();
        assertThat(ChangeRules.month("00/2025")).isNull();
        assertThat(ChangeRules.month("03/25")).isNull();
        assertThat(ChangeRules.month("Maret 2025")).isNull();
        assertThat(ChangeRules.month("01/1899")).isNull();
    }
}
