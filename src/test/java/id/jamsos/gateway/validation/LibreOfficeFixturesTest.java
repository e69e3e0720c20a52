package id.jamsos.gateway.validation;

import static id.jamsos.gateway.validation.AgencyFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The files in {@code src/test/resources/files/libreoffice}, made by LibreOffice 7.4 from the CSV sources
 * beside them with its default save options (see the README there, and {@code make.sh}), each with the
 * verdict the README gives: which rows are accepted and why the others are refused.
 */
class LibreOfficeFixturesTest {

    static final Path DIR = Path.of("src/test/resources/files/libreoffice");

    /** Row number to its reasons' codes ("" for an accepted row), in file order. */
    private static Map<Integer, String> verdict(Path file) throws Exception {
        Map<Integer, String> v = new LinkedHashMap<>();
        for (ValidatedRow r : read(file).rows()) {
            v.put(r.rowNumber(), String.join(",", r.rejections().stream().map(RowRejection::code).toList()));
        }
        return v;
    }

    @Test
    void combinedPlaceAndDateWithNikAsTextEnrollsFiveOfEightInBothFormats() throws Exception {
        for (String name : List.of("pekerja-ttl-nik-teks.xlsx", "pekerja-ttl-nik-teks.ods")) {
            AgencyFiles.Read r = read(DIR.resolve(name));
            assertThat(verdict(DIR.resolve(name))).as(name).containsExactly(
                    Map.entry(4, ""), Map.entry(5, ""), Map.entry(6, ""), Map.entry(7, ""), Map.entry(8, ""),
                    Map.entry(9, "BIRTHDATE_FORMAT"), Map.entry(10, "NIK_SEX_MISMATCH"),
                    Map.entry(11, "DUPLICATE_IN_FILE"));
            assertThat(r.warnings()).as(name).containsExactly(
                    "Baris 1-2 di atas judul kolom diabaikan / Rows 1-2 above the header were ignored",
                    "Kolom tidak dikenal diabaikan: NO. / Unknown columns ignored: NO.");
            ValidatedRow maria = r.row(0);
            assertThat(maria.worker().birthPlace()).isEqualTo("Makassar");
            assertThat(maria.worker().birthDate()).isEqualTo(LocalDate.of(1992, 1, 16));
            assertThat(maria.worker().monthlyIncome()).isEqualTo(1_500_000L); // "1.500.000", a number cell
            assertThat(maria.worker().phone()).isEqualTo("+6281234567890");
            assertThat(r.row(2).worker().birthPlace()).as("SORONG / 05-03-1985").isEqualTo("SORONG");
            assertThat(r.row(4).worker().birthDate()).as("Jayapura 17/08/1975").isEqualTo(LocalDate.of(1975, 8, 17));
            RowRejection monthName = r.row(5).rejections().get(0);
            assertThat(monthName.field()).isEqualTo("TEMPAT_TGL_LAHIR");
            assertThat(monthName.messageEn()).contains("e.g. 'Sorong, 12-03-1985'");
        }
    }

    @Test
    void nikAsNumberIsJudgedOnItsValueAndLibreOfficesXlsxHasLostTheLastDigit() throws Exception {
        // The .ods holds the number LibreOffice has: 7371015601920003 exactly (below 2^53), accepted;
        // Papua NIKs above 2^53 and a 16-digit value ending in 0 refused, as NumericNik has it.
        assertThat(verdict(DIR.resolve("pekerja-ttl-nik-angka.ods"))).containsExactly(
                Map.entry(4, ""), Map.entry(5, "NIK_SPREADSHEET"), Map.entry(6, "NIK_SPREADSHEET"),
                Map.entry(7, "NIK_SPREADSHEET"), Map.entry(8, ""), Map.entry(9, "BIRTHDATE_FORMAT"),
                Map.entry(10, "NIK_SEX_MISMATCH"), Map.entry(11, "DUPLICATE_IN_FILE"));
        // LibreOffice's .xlsx export writes 15 significant digits (<v>7371015601920000</v>): every numeric
        // NIK ends in 0 there and is refused, with the row's other reasons.
        assertThat(verdict(DIR.resolve("pekerja-ttl-nik-angka.xlsx"))).containsExactly(
                Map.entry(4, "NIK_SPREADSHEET"), Map.entry(5, "NIK_SPREADSHEET"), Map.entry(6, "NIK_SPREADSHEET"),
                Map.entry(7, "NIK_SPREADSHEET"), Map.entry(8, "NIK_SPREADSHEET"),
                Map.entry(9, "NIK_SPREADSHEET,BIRTHDATE_FORMAT"), Map.entry(10, "NIK_SPREADSHEET"),
                Map.entry(11, "NIK_SPREADSHEET"));
        assertThat(read(DIR.resolve("pekerja-ttl-nik-angka.xlsx")).row(0).rawNik()).isEqualTo("7371015601920000");
    }

    @Test
    void separateColumnsUnderClerksNamesWithDateCells() throws Exception {
        for (String name : List.of("pekerja-kolom-nik-teks.xlsx", "pekerja-kolom-nik-teks.ods")) {
            AgencyFiles.Read r = read(DIR.resolve(name));
            assertThat(verdict(DIR.resolve(name))).as(name).containsExactly(
                    Map.entry(2, ""), Map.entry(3, ""), Map.entry(4, ""), Map.entry(5, "NIK_SEX_MISMATCH"));
            assertThat(r.warnings()).as(name).isEmpty();
            assertThat(r.row(0).worker().birthDate()).isEqualTo(LocalDate.of(1992, 1, 16));
            assertThat(r.row(0).worker().birthPlace()).isEqualTo("Makassar");
            assertThat(r.row(0).worker().phone()).isEqualTo("+6281234567890");
            assertThat(r.row(0).worker().monthlyIncome()).isEqualTo(1_500_000L);
        }
        assertThat(verdict(DIR.resolve("pekerja-kolom-nik-angka.ods"))).containsExactly(
                Map.entry(2, ""), Map.entry(3, "NIK_SPREADSHEET"), Map.entry(4, ""), Map.entry(5, "NIK_SEX_MISMATCH"));
        assertThat(verdict(DIR.resolve("pekerja-kolom-nik-angka.xlsx"))).containsExactly(
                Map.entry(2, "NIK_SPREADSHEET"), Map.entry(3, "NIK_SPREADSHEET"), Map.entry(4, "NIK_SPREADSHEET"),
                Map.entry(5, "NIK_SPREADSHEET"));
    }

    @Test
    void aHeaderWithoutTheSexColumnIsRefusedNamingWhatItFoundAndWhatIsAccepted() {
        for (String name : List.of("tanpa-jk.xlsx", "tanpa-jk.ods")) {
            assertThatThrownBy(() -> read(DIR.resolve(name)))
                    .as(name)
                    .isInstanceOfSatisfying(FileRejectedException.class, e -> {
                        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
                        assertThat(e.fileName()).isEqualTo(name);
                        assertThat(e.messageEn()).startsWith("Required column missing: JENIS_KELAMIN (accepted names:"
                                        + " JENIS KELAMIN, JENIS KELAMIN (L/P), L/P, JK")
                                .contains("Headers found: \"NO.\", \"NO. NIK\", \"NAMA LENGKAP\", \"TEMPAT/TGL LAHIR\","
                                        + " \"KELAMIN L/P\", \"NO. HP\"")
                                .doesNotContain("NIK (accepted", "NAMA (accepted", "TGL_LAHIR (accepted");
                        assertThat(e.messageId()).contains("Kolom wajib tidak ada: JENIS_KELAMIN (nama yang diterima:",
                                "Judul kolom yang ditemukan: \"NO.\"");
                    });
        }
    }
}
