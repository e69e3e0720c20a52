package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.validation.XlsxFiles.Formula;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

/** .xlsx files as clerks make them: text and number NIKs, date cells, formulas, title rows. */
class XlsxFormatTest {

    private static final Object[] HEADER = {"NIK", "Nama Lengkap", "Tgl. Lahir", "JK", "NO_HP", "PENGHASILAN", "KETERANGAN"};
    /** 12-05-1990, L, province 31: below 2^53, so exact as a number. */
    private static final String MALE_1990_JAKARTA = "3171011205900001";

    @TempDir
    Path dir;

    @Test
    void textNikDateCellNumbersAndUnknownColumns() throws Exception {
        Path f = XlsxFiles.write(dir, "pekerja.xlsx", HEADER,
                new Object[] {MALE_1990, "Agustinus  Kambu", LocalDate.of(1990, 5, 12), "L", 81234567890L, 1_500_000, "ojek"},
                new Object[] {FEMALE_1985, "Yosina Mambrasar", "05/03/1985", "perempuan", "0812-3456-7890", "Rp 1.000.000"});
        AgencyFiles.Read r = read(f);
        assertThat(r.rows()).hasSize(2);
        ValidatedRow first = r.row(0);
        assertThat(first.accepted()).as(first.rejections().toString()).isTrue();
        assertThat(first.rowNumber()).isEqualTo(2);
        assertThat(first.worker().nik()).isEqualTo(MALE_1990);
        assertThat(first.worker().name()).isEqualTo("Agustinus Kambu");
        assertThat(first.worker().birthDate()).isEqualTo(LocalDate.of(1990, 5, 12));
        assertThat(first.worker().phone()).isEqualTo("+6281234567890");
        assertThat(first.worker().monthlyIncome()).isEqualTo(1_500_000L);
        assertThat(r.row(1).accepted()).isTrue();
        assertThat(r.row(1).worker().sex()).isEqualTo(Sex.P);
        assertThat(r.row(1).rowNumber()).isEqualTo(3);
        assertThat(r.warnings()).anyMatch(w -> w.contains("Unknown columns ignored: KETERANGAN"));
        assertThat(r.encoding()).isEqualTo("xlsx");
    }

    @Test
    void numberNikIsReadExactlyWhenItStillHasItsSixteenDigits() throws Exception {
        Path f = XlsxFiles.write(dir, "angka.xlsx", HEADER,
                new Object[] {Long.parseLong(FEMALE_1992) * 1.0, "Siti Rahman", LocalDate.of(1992, 1, 16), "P"},
                new Object[] {Long.parseLong(MALE_1990_JAKARTA) * 1.0, "Budi Santoso", "12/05/1990", "L"});
        AgencyFiles.Read r = read(f);
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.row(0).worker().nik()).isEqualTo(FEMALE_1992);
        assertThat(r.row(1).worker().nik()).isEqualTo(MALE_1990_JAKARTA);
    }

    @Test
    void numberNikThatExcelRoundedOrMayHaveRoundedIsRefused() throws Exception {
        Path f = XlsxFiles.write(dir, "rusak.xlsx", HEADER,
                // Sorong NIKs are above 2^53: as numbers they are never trusted.
                new Object[] {9271011205900001.0, "Agustinus Kambu", LocalDate.of(1990, 5, 12), "L"},
                // What Excel keeps of a typed 7371015601920013: 15 digits and a 0.
                new Object[] {7371015601920010.0, "Siti Rahman", LocalDate.of(1992, 1, 16), "P"},
                new Object[] {3171011205900001.5, "Budi Santoso", LocalDate.of(1990, 5, 12), "L"},
                new Object[] {FEMALE_1985, "Yosina Mambrasar", LocalDate.of(1985, 3, 5), "P"});
        AgencyFiles.Read r = read(f);
        for (int i = 0; i < 3; i++) {
            ValidatedRow row = r.row(i);
            assertThat(row.accepted()).isFalse();
            assertThat(row.rejections()).singleElement().satisfies(rej -> {
                assertThat(rej.field()).isEqualTo("NIK");
                assertThat(rej.code()).isEqualTo("NIK_SPREADSHEET");
            });
        }
        assertThat(r.row(0).rawNik()).isEqualTo("9271011205900000"); // the number the sheet holds
        assertThat(r.row(1).rejections().get(0).messageEn()).contains("possibly");
        assertThat(r.row(3).accepted()).isTrue();
    }

    @Test
    void aNumberNikAndTheSameNikAsTextAreDuplicates() throws Exception {
        Path f = XlsxFiles.write(dir, "dup.xlsx", HEADER,
                new Object[] {FEMALE_1992, "Siti Rahman", LocalDate.of(1992, 1, 16), "P"},
                new Object[] {7371015601920003.0, "Siti Rahman", LocalDate.of(1992, 1, 16), "P"});
        ValidatedRow second = read(f).row(1);
        assertThat(second.rejections()).anySatisfy(rej -> assertThat(rej.messageEn()).isEqualTo("Duplicate of row 2"));
    }

    @Test
    void headerBelowATitleAndBlankRowsKeepExcelRowNumbers() throws Exception {
        Path f = XlsxFiles.write(dir, "judul.xlsx",
                new Object[] {"DAFTAR PEKERJA BPU DISTRIK SORONG TIMUR 2024"},
                null,
                HEADER,
                new Object[] {MALE_1990, "Agustinus Kambu", LocalDate.of(1990, 5, 12), "L"},
                null,
                new Object[] {null, null, null, null},
                new Object[] {MALE_1975, "Marthen Rumere", "17-08-1975", "LAKI-LAKI"});
        AgencyFiles.Read r = read(f);
        assertThat(r.rows()).extracting(ValidatedRow::rowNumber).containsExactly(4, 7);
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.warnings()).anyMatch(w -> w.contains("Rows 1-2 above the header were ignored"));
    }

    @Test
    void formulasAreReadAsTheirCachedValues() throws Exception {
        Path f = XlsxFiles.write(dir, "rumus.xlsx", HEADER,
                new Object[] {new Formula("\"" + MALE_1990 + "\""), new Formula("CONCATENATE(\"Agustinus\",\" Kambu\")"),
                        new Formula("DATE(1990,5,12)"), new Formula("LEFT(\"LAKI\",1)"), null, new Formula("1000000+500000")});
        ValidatedRow row = read(f).row(0);
        assertThat(row.accepted()).as(row.rejections().toString()).isTrue();
        assertThat(row.worker().name()).isEqualTo("Agustinus Kambu");
        assertThat(row.worker().monthlyIncome()).isEqualTo(1_500_000L);
    }

    @Test
    void aBirthDateCellWithoutADateFormatIsTheExcelSerialNumber() throws Exception {
        // 32640 is 12-05-1989 shown as a plain number: the clerk must format the column as a date.
        Path f = XlsxFiles.write(dir, "serial.xlsx", HEADER, new Object[] {MALE_1990, "Agustinus Kambu", 32640, "L"});
        ValidatedRow row = read(f).row(0);
        assertThat(row.rejections()).anySatisfy(rej -> {
            assertThat(rej.field()).isEqualTo("TGL_LAHIR");
            assertThat(rej.messageEn()).contains("is a number (Excel cell format)");
        });
    }

    @Test
    void workbooksCountingDaysFrom1904ReadTheSameDates() throws Exception {
        Path f = XlsxFiles.write(dir, "mac.xlsx", true, HEADER,
                new Object[] {MALE_1990, "Agustinus Kambu", LocalDate.of(1990, 5, 12), "L"});
        ValidatedRow row = read(f).row(0);
        assertThat(row.accepted()).isTrue();
        assertThat(row.worker().birthDate()).isEqualTo(LocalDate.of(1990, 5, 12));
    }
}
