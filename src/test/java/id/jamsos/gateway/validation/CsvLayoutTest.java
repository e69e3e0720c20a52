package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.model.WorkerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Separators, quoting, line endings, blank lines and header words. */
class CsvLayoutTest {

    @TempDir
    Path dir;

    @Test
    void semicolonCommaAndTabAreDetectedFromTheHeader() throws Exception {
        for (char sep : new char[] {';', ',', '\t'}) {
            String cell = sep == ',' ? "\"Jl. Ahmad Yani, RT 002\"" : "Jl. Ahmad Yani, RT 002";
            String text = String.join(String.valueOf(sep), "NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT") + "\n"
                    + String.join(String.valueOf(sep), MALE_1990, "Agustinus Kambu", "12/05/1990", "L", cell) + "\n";
            Read r = read(write(dir, "sep" + (int) sep + ".csv", text));
            assertThat(r.separator()).isEqualTo(sep);
            assertThat(r.rows()).singleElement().satisfies(v -> {
                assertThat(v.accepted()).as("separator %s: %s", sep, v.rejections()).isTrue();
                assertThat(v.worker().address()).isEqualTo("Jl. Ahmad Yani, RT 002");
            });
        }
    }

    @Test
    void quotedFieldsMayHoldSeparatorsQuotesAndLineBreaks() throws Exception {
        String text = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;KELURAHAN\r\n"
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;\"Kompleks Pasar Remu; Blok \"\"B\"\"\r\nsebelah masjid\";Remu Utara\r\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P;Jl. Arfak;Klasaman\r\n";
        Read r = read(write(dir, "quoted.csv", text));
        assertThat(r.rows()).hasSize(2);
        WorkerRecord w = r.row(0).worker();
        assertThat(w.address()).isEqualTo("Kompleks Pasar Remu; Blok \"B\" sebelah masjid");
        assertThat(w.kelurahan()).isEqualTo("Remu Utara");
        // The multi-line record is one spreadsheet row: the next row is 3.
        assertThat(r.row(0).rowNumber()).isEqualTo(2);
        assertThat(r.row(1).rowNumber()).isEqualTo(3);
        assertThat(r.row(1).worker().kelurahan()).isEqualTo("Klasaman");
    }

    @Test
    void crlfAndLfGiveTheSameRows() throws Exception {
        String lf = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n" + MALE_1990 + ";Agustinus Kambu;12/05/1990;L\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P";
        Read a = read(write(dir, "lf.csv", lf));
        Read b = read(write(dir, "crlf.csv", lf.replace("\n", "\r\n")));
        assertThat(a.rows()).hasSize(2);
        assertThat(b.rows()).isEqualTo(a.rows());
        assertThat(a.rows()).allMatch(ValidatedRow::accepted);
    }

    @Test
    void blankLinesAreSkippedButCountedAsSpreadsheetRows() throws Exception {
        String text = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\r\n"
                + "\r\n"
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L\r\n"
                + ";;;\r\n"
                + "   \r\n"
                + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P\r\n"
                + "\r\n\r\n";
        Read r = read(write(dir, "blank.csv", text));
        assertThat(r.rows()).extracting(ValidatedRow::rowNumber).containsExactly(3, 6);
    }

    @Test
    void headerWordsAnyCaseAnyOrderWithSpacesUnderscoresAndPeriods() throws Exception {
        String text = "Jenis Kelamin,Tgl. Lahir,nama_lengkap,no hp,Penghasilan,nik,Kecamatan,Occupation,Tempat_Lahir,"
                + "kelurahan,alamat\n"
                + "Perempuan,05-03-1985,Yosina  Mambrasar,0812-3456-7890,Rp 1.500.000,"
                + FEMALE_1985 + ",Sorong Utara,pedagang pinang,Teminabuan,Malanu,Jl. Selat Sele\n";
        Read r = read(write(dir, "aliases.csv", text));
        assertThat(r.warnings()).isEmpty();
        WorkerRecord w = r.row(0).worker();
        assertThat(w).isEqualTo(new WorkerRecord(FEMALE_1985, "Yosina Mambrasar", LocalDate.of(1985, 3, 5), Sex.P,
                "Teminabuan", "Jl. Selat Sele", "Malanu", "Sorong Utara", "+6281234567890", "pedagang pinang",
                1_500_000L));
    }

    @Test
    void englishAliases() throws Exception {
        String text = "name;date_of_birth;gender;NIK;phone;income\n"
                + "Agustinus Kambu;1990-05-12;M;" + MALE_1990 + ";;\n";
        Read r = read(write(dir, "english.csv", text));
        assertThat(r.row(0).worker().monthlyIncome()).isEqualTo(ValidationSettings.DEFAULT_MONTHLY_INCOME);
        assertThat(r.row(0).worker().phone()).isNull();
        assertThat(r.row(0).worker().sex()).isEqualTo(Sex.L);
    }

    @Test
    void unknownColumnsAreIgnoredAndListedOnce() throws Exception {
        String text = "No;NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;Keterangan;;\n"
                + "1;" + MALE_1990 + ";Agustinus Kambu;12/05/1990;L;baru;;\n"
                + "2;" + FEMALE_1985 + ";Yosina Mambrasar;05/03/1985;P;;;\n";
        Read r = read(write(dir, "unknown.csv", text));
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.warnings()).singleElement().asString()
                .contains("Kolom tidak dikenal diabaikan: No, Keterangan")
                .contains("Unknown columns ignored: No, Keterangan");
    }

    @Test
    void titleRowsAboveTheHeaderAreSkippedAndRowNumbersStayTrue() throws Exception {
        String text = "DAFTAR PEKERJA RENTAN DISTRIK SORONG UTARA 2025;;;\n"
                + ";;;\n"
                + "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n"
                + MALE_1990 + ";Agustinus Kambu;12/05/1990;L\n";
        Read r = read(write(dir, "title.csv", text));
        assertThat(r.rows()).singleElement().satisfies(v -> {
            assertThat(v.rowNumber()).isEqualTo(4);
            assertThat(v.accepted()).isTrue();
        });
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("Rows 1-2 above the header"));
    }

    @Test
    void rowsShorterThanTheHeaderReadMissingCellsAsEmpty() throws Exception {
        String text = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP\n" + MALE_1990 + ";Agustinus Kambu\n";
        Read r = read(write(dir, "short.csv", text));
        assertThat(r.row(0).rejections()).extracting(x -> x.code())
                .containsExactly("BIRTHDATE_MISSING", "SEX_MISSING");
    }
}
