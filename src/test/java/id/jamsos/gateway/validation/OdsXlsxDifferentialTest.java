package id.jamsos.gateway.validation;

import static id.jamsos.gateway.validation.AgencyFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The .ods reader against the .xlsx reader on the same content, both files saved by LibreOffice from one
 * CSV: the same rows, row numbers, values and verdicts. The one difference allowed is LibreOffice's own:
 * its .xlsx export writes a number with 15 significant digits, so a NIK held as a number that the .ods
 * keeps exactly arrives in the .xlsx with its last digit rounded, and is refused there.
 */
class OdsXlsxDifferentialTest {

    private static final Path DIR = LibreOfficeFixturesTest.DIR;

    @Test
    void textNiksGiveTheSameRowsFromBothFormats() throws Exception {
        for (String base : List.of("pekerja-ttl-nik-teks", "pekerja-kolom-nik-teks")) {
            List<ValidatedRow> ods = read(DIR.resolve(base + ".ods")).rows();
            List<ValidatedRow> xlsx = read(DIR.resolve(base + ".xlsx")).rows();
            assertThat(ods).as(base).isNotEmpty().isEqualTo(xlsx);
            assertThat(read(DIR.resolve(base + ".ods")).warnings()).isEqualTo(read(DIR.resolve(base + ".xlsx")).warnings());
        }
    }

    @Test
    void numericNiksDifferOnlyWhereLibreOfficesXlsxRoundedTheNumber() throws Exception {
        int rounded = 0;
        for (String base : List.of("pekerja-ttl-nik-angka", "pekerja-kolom-nik-angka")) {
            List<ValidatedRow> ods = read(DIR.resolve(base + ".ods")).rows();
            List<ValidatedRow> xlsx = read(DIR.resolve(base + ".xlsx")).rows();
            assertThat(ods).as(base).hasSameSizeAs(xlsx);
            for (int i = 0; i < ods.size(); i++) {
                ValidatedRow o = ods.get(i);
                ValidatedRow x = xlsx.get(i);
                assertThat(x.rowNumber()).isEqualTo(o.rowNumber());
                assertThat(x.rawName()).isEqualTo(o.rawName());
                if (x.rawNik().equals(o.rawNik())) {
                    assertThat(x).as(base + " row " + o.rowNumber()).isEqualTo(o);
                    continue;
                }
                rounded++;
                String fifteen = new BigDecimal(o.rawNik()).round(new MathContext(15, RoundingMode.HALF_UP))
                        .toBigInteger().toString();
                assertThat(x.rawNik()).as(base + " row " + o.rowNumber()).isEqualTo(fifteen);
                assertThat(x.rejections().get(0).code()).isEqualTo("NIK_SPREADSHEET");
                // Beside the NIK, the rest of the row is judged alike.
                assertThat(codesBut(x, "NIK")).isEqualTo(codesBut(o, "NIK"));
            }
        }
        assertThat(rounded).as("rows whose number LibreOffice's .xlsx rounded").isEqualTo(8); // ttl rows 4, 8, 9, 10, 11; kolom rows 2, 4, 5
    }

    private static List<String> codesBut(ValidatedRow r, String field) {
        return r.rejections().stream().filter(j -> !j.field().equals(field)).map(RowRejection::code).toList();
    }
}
