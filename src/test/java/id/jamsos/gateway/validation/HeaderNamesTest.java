package id.jamsos.gateway.validation;

import static id.jamsos.gateway.validation.AgencyFiles.FEMALE_1985;
import static id.jamsos.gateway.validation.AgencyFiles.MALE_1990;
import static id.jamsos.gateway.validation.AgencyFiles.read;
import static id.jamsos.gateway.validation.AgencyFiles.validator;
import static id.jamsos.gateway.validation.AgencyFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header names as clerks write them, the combined place-and-date column, and the note of a missing column. */
class HeaderNamesTest {

    @TempDir
    Path dir;

    private FileRejectedException refusal(Path f) {
        try (ValidatedFile vf = validator().open(f, f.getFileName().toString())) {
            vf.forEachRemaining(r -> { });
        } catch (FileRejectedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theNamesClerksWriteAreTheirColumns() {
        Map<String, Column> cases = Map.ofEntries(
                Map.entry("NO. NIK", Column.NIK), Map.entry("Nomor NIK", Column.NIK), Map.entry("NIK KTP", Column.NIK),
                Map.entry("JENIS KELAMIN (L/P)", Column.JENIS_KELAMIN), Map.entry("L/P", Column.JENIS_KELAMIN),
                Map.entry("jk", Column.JENIS_KELAMIN), Map.entry("Nama Lengkap", Column.NAMA),
                Map.entry("NAMA SESUAI KTP", Column.NAMA), Map.entry("TGL. LAHIR", Column.TGL_LAHIR),
                Map.entry("Tanggal_Lahir", Column.TGL_LAHIR), Map.entry("TEMPAT/TGL LAHIR", Column.TEMPAT_TGL_LAHIR),
                Map.entry("Tempat, Tanggal Lahir", Column.TEMPAT_TGL_LAHIR), Map.entry("TTL", Column.TEMPAT_TGL_LAHIR),
                Map.entry("NO. HP", Column.NO_HP), Map.entry("Nomor Telepon", Column.NO_HP), Map.entry("WA", Column.NO_HP),
                Map.entry("NO HP/WA", Column.NO_HP), Map.entry("PENDAPATAN", Column.PENGHASILAN),
                Map.entry("[PENGHASILAN]", Column.PENGHASILAN), Map.entry("\uFEFFNIK", Column.NIK),
                Map.entry("Desa/Kelurahan", Column.KELURAHAN));
        cases.forEach((header, column) -> assertThat(Column.forHeader(header)).as(header).isEqualTo(column));
        for (String other : List.of("NO.", "NO", "NO KK", "NAMA IBU KANDUNG", "NAMA (IBU KANDUNG)", "KELAMIN L/P X", "")) {
            assertThat(Column.forHeader(other)).as(other).isNull();
        }
    }

    @Test
    void everyColumnAnswersToItsOwnNameAndNoNameToTwoColumns() {
        Map<String, Column> owner = new HashMap<>();
        for (Column c : Column.values()) {
            assertThat(Column.forHeader(c.name())).isEqualTo(c);
            for (String key : c.keys()) {
                Column before = owner.put(key, c);
                assertThat(before).as(key).isNull();
            }
        }
    }

    @Test
    void aFileWithTheIssuesHeadersIsRead() throws Exception {
        AgencyFiles.Read r = read(write(dir, "papua.csv",
                "NO.;NO. NIK;NAMA LENGKAP;TEMPAT/TGL LAHIR;JENIS KELAMIN (L/P);NO. HP\n"
                        + "1;" + MALE_1990 + ";Agustinus Kambu;Sorong, 12-05-1990;L;0812 3456 7890\n"
                        + "2;" + FEMALE_1985 + ";Naomi Wally;SORONG / 05-03-1985;P;\n"));
        assertThat(r.rows()).allMatch(ValidatedRow::accepted);
        assertThat(r.row(0).worker().birthPlace()).isEqualTo("Sorong");
        assertThat(r.row(0).worker().birthDate()).isEqualTo(LocalDate.of(1990, 5, 12));
        assertThat(r.row(1).worker().birthPlace()).isEqualTo("SORONG");
        assertThat(r.row(1).worker().birthDate()).isEqualTo(LocalDate.of(1985, 3, 5));
        assertThat(r.warnings()).containsExactly("Kolom tidak dikenal diabaikan: NO. / Unknown columns ignored: NO.");
    }

    @Test
    void aMissingColumnNamesTheHeadersFoundAndTheNamesAccepted() throws Exception {
        // The issue's file: the NIK spelt a way the gateway did not know, under a title row. It was refused with
        // all four required columns "missing", judged on the title row; now on the row naming most columns.
        FileRejectedException e = refusal(write(dir, "judul.csv",
                "DAFTAR PEKERJA BPU 2025;;;\nNOMOR INDUK;NAMA;TGL LAHIR;JENIS KELAMIN\n1;Agustinus;12/05/1990;L\n"));
        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
        assertThat(e.messageEn()).isEqualTo("Required column missing: NIK (accepted names: NIK, NO NIK, NOMOR NIK,"
                + " NIK KTP, NO KTP, NOMOR KTP, NOMOR INDUK KEPENDUDUKAN). Headers found: \"NOMOR INDUK\", \"NAMA\","
                + " \"TGL LAHIR\", \"JENIS KELAMIN\" (check the header row and the ; or , separator)");
        assertThat(e.messageId()).isEqualTo("Kolom wajib tidak ada: NIK (nama yang diterima: NIK, NO NIK, NOMOR NIK,"
                + " NIK KTP, NO KTP, NOMOR KTP, NOMOR INDUK KEPENDUDUKAN). Judul kolom yang ditemukan: \"NOMOR INDUK\","
                + " \"NAMA\", \"TGL LAHIR\", \"JENIS KELAMIN\" (periksa baris judul kolom dan pemisah ; atau ,)");
    }

    @Test
    void aMissingDateNamesTheCombinedColumnAmongItsNames() throws Exception {
        FileRejectedException e = refusal(write(dir, "tgl.csv", "NIK;NAMA;JK;TEMPAT LAHIR\n" + MALE_1990 + ";A;L;Sorong\n"));
        assertThat(e.messageEn()).startsWith("Required column missing: TGL_LAHIR (accepted names: TGL LAHIR,"
                + " TANGGAL LAHIR, TGL LHR, DATE OF BIRTH, TEMPAT/TGL LAHIR, TEMPAT/TANGGAL LAHIR,"
                + " TTL). Headers found: \"NIK\", \"NAMA\", \"JK\", \"TEMPAT LAHIR\"");
        FileRejectedException two = refusal(write(dir, "dua.csv", "NIK;NAMA\n" + MALE_1990 + ";A\n"));
        assertThat(two.messageEn()).contains("TGL_LAHIR (accepted names:", "; JENIS_KELAMIN (accepted names:")
                .doesNotContain("NIK (accepted", "NAMA (accepted");
    }

    @Test
    void theCombinedColumnSplitsPlaceAndDate() {
        assertThat(BirthPlaceDate.split("Sorong, 12-03-1985")).isEqualTo(new BirthPlaceDate.Split("Sorong", "12-03-1985"));
        assertThat(BirthPlaceDate.split("SORONG / 12-03-1985")).isEqualTo(new BirthPlaceDate.Split("SORONG", "12-03-1985"));
        assertThat(BirthPlaceDate.split("Kota Sorong/12/03/1985")).isEqualTo(new BirthPlaceDate.Split("Kota Sorong", "12/03/1985"));
        assertThat(BirthPlaceDate.split(" 1985-03-12 ")).isEqualTo(new BirthPlaceDate.Split("", "1985-03-12"));
        assertThat(BirthPlaceDate.split("Sorong 12 Maret 1985")).isEqualTo(new BirthPlaceDate.Split("Sorong 12 Maret 1985", null));
        assertThat(BirthPlaceDate.split("")).isEqualTo(new BirthPlaceDate.Split("", null));
    }

    private static List<String> codes(ValidatedRow r) {
        return r.rejections().stream().map(j -> j.field() + ":" + j.code()).toList();
    }

    @Test
    void aDateInBothColumnsMustAgreeAndEitherAloneIsTaken() throws Exception {
        AgencyFiles.Read r = read(write(dir, "keduanya.csv", "NIK;NAMA;TTL;TGL LAHIR;JK;TEMPAT LAHIR\n"
                + MALE_1990 + ";Satu;Sorong, 12-05-1990;12/05/1990;L;\n"          // agree: accepted
                + FEMALE_1985 + ";Dua;Sorong, 05-03-1985;06/03/1985;P;\n"         // differ: refused
                + "9271031708750002;Tiga;Jayapura;17/08/1975;L;\n"               // place only, date column: accepted
                + "7371015601920003;Empat;Makassar, 16-01-1992;;P;Maros\n"      // combined only; own place wins
                + "7371031708750002;Lima;;;L;\n"                                 // neither: missing
                + "7371032003880004;Enam;Sorong 20 Maret 1988;;L;\n"));          // month name
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).worker().birthPlace()).isEqualTo("Sorong");
        assertThat(codes(r.row(1))).containsExactly("TGL_LAHIR:BIRTHDATE_CONFLICT");
        RowRejection conflict = r.row(1).rejections().get(0);
        assertThat(conflict.messageId()).isEqualTo("TGL_LAHIR tidak sama dengan tanggal di TEMPAT/TGL LAHIR;"
                + " perbaiki salah satunya (atau kosongkan TGL_LAHIR)");
        assertThat(conflict.messageEn()).isEqualTo("TGL_LAHIR differs from the date in TEMPAT/TGL LAHIR; correct one of"
                + " them (or leave TGL_LAHIR empty)");
        assertThat(r.row(2).accepted()).isTrue();
        assertThat(r.row(2).worker().birthPlace()).isEqualTo("Jayapura");
        assertThat(r.row(3).accepted()).isTrue();
        assertThat(r.row(3).worker().birthDate()).isEqualTo(LocalDate.of(1992, 1, 16));
        assertThat(r.row(3).worker().birthPlace()).isEqualTo("Maros");
        assertThat(codes(r.row(4))).containsExactly("TGL_LAHIR:BIRTHDATE_MISSING");
        assertThat(codes(r.row(5))).containsExactly("TEMPAT_TGL_LAHIR:BIRTHDATE_FORMAT");
    }

    @Test
    void theCombinedColumnAloneGivesTheDateAndItsReasonsNameIt() throws Exception {
        AgencyFiles.Read r = read(write(dir, "ttl.csv", "NIK;NAMA;TEMPAT/TGL LAHIR;JK\n"
                + MALE_1990 + ";Satu;Sorong, 12-05-1990;L\n"
                + FEMALE_1985 + ";Dua;;P\n"
                + "9271031708750002;Tiga;Sorong, 31-02-1975;L\n"
                + "7371015601920003;Empat;Makassar, 16-01-92;P\n"
                + "7371031708750002;Lima;Jayapura, 18-08-1975;L\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(codes(r.row(1))).containsExactly("TEMPAT_TGL_LAHIR:BIRTHDATE_MISSING");
        assertThat(codes(r.row(2))).containsExactly("TEMPAT_TGL_LAHIR:BIRTHDATE_INVALID");
        assertThat(r.row(2).rejections().get(0).messageEn()).isEqualTo("TEMPAT/TGL LAHIR: TGL_LAHIR is not a real calendar date");
        assertThat(codes(r.row(3))).containsExactly("TEMPAT_TGL_LAHIR:BIRTHDATE_FORMAT");
        // The date read from the combined cell is the one the NIK is checked against.
        assertThat(r.row(4).rejections()).extracting(RowRejection::field).containsExactly("NIK");
    }

    @Test
    void aKoreksiMayCorrectTheDateThroughTheCombinedColumn() throws Exception {
        AgencyFiles.Read r = read(write(dir, "koreksi.csv", "NIK;AKSI;TTL\n" + MALE_1990 + ";KOREKSI;Sorong, 13-05-1990\n"
                + FEMALE_1985 + ";KOREKSI;Sorong\n"));
        assertThat(r.row(0).accepted()).isTrue();
        assertThat(r.row(0).change().birthDate()).isEqualTo(LocalDate.of(1990, 5, 13));
        assertThat(codes(r.row(1))).containsExactly("TEMPAT_TGL_LAHIR:BIRTHDATE_FORMAT");
    }
}
