package id.jamsos.gateway.demo;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.model.ValidatedRow;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.FileValidationSummary;
import id.jamsos.gateway.validation.ValidatedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SampleWorkersTest {

    @TempDir
    Path dir;

    @Test
    void generatedFileValidatesToExactlyItsExpectedCounts() throws Exception {
        Path f = dir.resolve("sorong.csv");
        SampleSummary s = SampleWorkers.generate(f, 3000, 7L, 9);
        assertThat(s.rows()).isEqualTo(3000);
        assertThat(s.expectedRejected()).isEqualTo(3000 / 9);
        assertThat(s.expectedAccepted()).isEqualTo(3000 - 3000 / 9);

        FileValidationSummary v = new AgencyFileValidator().summarize(f, "sorong.csv");
        assertThat(v.fileError()).isNull();
        assertThat(v.rows()).isEqualTo(s.rows());
        assertThat(v.accepted()).isEqualTo(s.expectedAccepted());
        assertThat(v.rejected()).isEqualTo(s.expectedRejected());
        // Each fault shows up, and every bad row is exactly where it was planted.
        assertThat(v.rejects()).allSatisfy(r -> assertThat((r.rowNumber() - 1) % 9).isZero());
        assertThat(v.rejects().stream().flatMap(r -> r.rejections().stream()).map(RowRejection::code).distinct())
                .contains("NIK_SPREADSHEET", "NIK_SEX_MISMATCH", "NAME_MISSING", "BIRTHDATE_FUTURE",
                        "DUPLICATE_IN_FILE", "NIK_NOT_DIGITS");
        // A planted duplicate is the same worker again: the repetition is its only fault.
        assertThat(v.rejects()).filteredOn(r -> r.rejections().stream().anyMatch(x -> x.code().equals("DUPLICATE_IN_FILE")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.rejections()).hasSize(1));
    }

    @Test
    void theSameWorkersAsOdsAndXlsxValidateAsTheCsv() throws Exception {
        FileValidationSummary csv = null;
        for (String format : new String[] {"csv", "ods", "xlsx"}) {
            Path f = dir.resolve("sorong." + format);
            SampleWorkers.generate(f, 500, 11L, 7, format, () -> { });
            FileValidationSummary v = new AgencyFileValidator().summarize(f, f.getFileName().toString());
            assertThat(v.fileError()).as(format).isNull();
            assertThat(v.rows()).as(format).isEqualTo(500);
            if (csv == null) {
                csv = v;
            } else {
                assertThat(v.accepted()).as(format).isEqualTo(csv.accepted());
                assertThat(v.rejects()).as(format).isEqualTo(csv.rejects());
            }
        }
    }

    @Test
    void cleanFileLooksLikeASorongAgencyFile() throws Exception {
        Path f = dir.resolve("clean.csv");
        SampleSummary s = SampleWorkers.generate(f, 500, 1L, 0);
        assertThat(s.expectedRejected()).isZero();
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("\uFEFFNIK;NAMA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;KELURAHAN;"
                + "DISTRIK;NO_HP;PEKERJAAN;PENGHASILAN");
        Set<String> niks = new HashSet<>();
        int sorong = 0;
        try (ValidatedFile vf = new AgencyFileValidator().open(f, "clean.csv")) {
            assertThat(vf.separator()).isEqualTo(';');
            while (vf.hasNext()) {
                ValidatedRow row = vf.next();
                assertThat(row.accepted()).as("row %d %s", row.rowNumber(), row.rejections()).isTrue();
                assertThat(niks.add(row.worker().nik())).isTrue();
                if (row.worker().nik().startsWith("9271") || row.worker().nik().startsWith("9671")) {
                    sorong++;
                }
            }
        }
        assertThat(niks).hasSize(500);
        assertThat(sorong).isBetween(250, 450);
        assertThat(niks).anyMatch(n -> !n.startsWith("9271") && !n.startsWith("9671"));
    }

    @Test
    void sameSeedSameFile() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        SampleWorkers.generate(a, 200, 99L, 5);
        SampleWorkers.generate(b, 200, 99L, 5);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void validNikEncodesBirthAndSex() {
        String nik = SampleWorkers.validNik(new Random(1), LocalDate.of(1985, 3, 5), Sex.P, "9671");
        assertThat(nik).hasSize(16).startsWith("9671").containsPattern("^9671\\d{2}450385\\d{4}$");
        assertThat(Nik.check(nik, LocalDate.of(1985, 3, 5), Sex.P)).isEmpty();
    }
}
