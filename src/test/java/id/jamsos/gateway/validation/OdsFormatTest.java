package id.jamsos.gateway.validation;

import static id.jamsos.gateway.validation.AgencyFiles.FEMALE_1992;
import static id.jamsos.gateway.validation.AgencyFiles.MALE_1990;
import static id.jamsos.gateway.validation.AgencyFiles.read;
import static id.jamsos.gateway.validation.AgencyFiles.validator;
import static id.jamsos.gateway.validation.OdsFiles.number;
import static id.jamsos.gateway.validation.OdsFiles.row;
import static id.jamsos.gateway.validation.OdsFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.ValidatedRow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an .ods is read: cells, repeats, and the files refused whole. */
class OdsFormatTest {

    @TempDir
    Path dir;

    private static final String HEADER = row("NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN");

    private static FileRejectedException refusal(Path f) {
        try (ValidatedFile vf = validator().open(f, f.getFileName().toString())) {
            vf.forEachRemaining(r -> { });
        } catch (FileRejectedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused: " + f);
    }

    private static List<SheetRows.Row> rows(String rowsXml) throws Exception {
        List<SheetRows.Row> rows = new ArrayList<>();
        byte[] xml = (OdsFiles.HEAD + rowsXml + OdsFiles.TAIL).getBytes(StandardCharsets.UTF_8);
        try (OdsRows r = new OdsRows(new ByteArrayInputStream(xml), 10_000)) {
            SheetRows.Row row = new SheetRows.Row();
            while (r.next(row)) {
                SheetRows.Row copy = new SheetRows.Row();
                copy.reset(row.number);
                for (int i = 0; i < row.cells.size(); i++) {
                    copy.set(i, row.cells.get(i), row.numeric.get(i));
                }
                copy.repeated = row.repeated;
                rows.add(copy);
            }
        }
        return rows;
    }

    @Test
    void cellsReadAsLibreOfficeWritesThem() throws Exception {
        List<SheetRows.Row> rows = rows("<table:table-row>"
                + "<table:table-cell office:value-type=\"string\"><text:p>Agus<text:s text:c=\"3\"/>tinus<text:s/>K</text:p>"
                + "<text:p>baris <text:span>dua</text:span></text:p>"
                + "<office:annotation><dc:creator>x</dc:creator><text:p>komentar, bukan isi</text:p></office:annotation>"
                + "</table:table-cell>"
                + "<table:table-cell office:value-type=\"float\" office:value=\"7.371015601920003E15\"><text:p>7.37E+15</text:p>"
                + "</table:table-cell>"
                + "<table:table-cell office:value-type=\"date\" office:date-value=\"1992-01-16T00:00:00\"><text:p>01/16/92</text:p>"
                + "</table:table-cell>"
                + "<table:covered-table-cell/>"
                + "<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"2\"><text:p>L</text:p>"
                + "</table:table-cell>"
                + "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p>"
                + "</table:table-cell>"
                + "<table:table-cell office:value-type=\"string\" office:string-value=\"hasil rumus\"><text:p>tampilan</text:p>"
                + "</table:table-cell>"
                + "<table:table-cell office:value-type=\"currency\" office:value=\"1500000\"><text:p>Rp1.500.000</text:p>"
                + "</table:table-cell>"
                + "<table:table-cell table:number-columns-repeated=\"16375\"/></table:table-row>");
        assertThat(rows).hasSize(1);
        SheetRows.Row r = rows.get(0);
        assertThat(r.number).isEqualTo(1);
        assertThat(r.cells).containsExactly("Agus   tinus K\nbaris dua", "7.371015601920003E15", "1992-01-16", "",
                "L", "L", "TRUE", "hasil rumus", "1500000");
        assertThat(r.numeric.stream().boxed().toList()).containsExactly(1, 8);
    }

    @Test
    void emptyRepeatsAreNeverExpandedAndKeepTheRowNumbers() throws Exception {
        // LibreOffice's sheet end: a million empty rows of 16,384 empty cells, written once.
        String emptyMillion = "<table:table-row table:number-rows-repeated=\"1048000\">"
                + "<table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>";
        List<SheetRows.Row> rows = rows(HEADER + emptyMillion + row(MALE_1990, "Agustinus Kambu", "12/05/1990", "L")
                + emptyMillion);
        assertThat(rows).extracting(r -> r.number).containsExactly(1, 1_048_002);
        assertThat(rows.get(1).cells).hasSize(4);

        Path f = OdsFiles.write(dir, "kosong.ods", HEADER + emptyMillion
                + row(MALE_1990, "Agustinus Kambu", "12/05/1990", "L") + emptyMillion);
        try (ValidatedFile vf = validator().open(f, "kosong.ods")) {
            assertThat(vf.rowsAtMost()).isEqualTo(1);
            ValidatedRow only = vf.next();
            assertThat(only.rowNumber()).isEqualTo(1_048_002);
            assertThat(only.accepted()).isTrue();
            assertThat(vf.hasNext()).isFalse();
        }
    }

    @Test
    void aRepeatedDataRowIsEachOfItsRows() throws Exception {
        Path f = OdsFiles.write(dir, "ulang.ods", HEADER + "<table:table-row table:number-rows-repeated=\"3\">"
                + text(MALE_1990) + text("Agustinus Kambu") + text("12/05/1990") + text("L") + "</table:table-row>"
                + row(FEMALE_1992, "Maria Tanggo", "16/01/1992", "P"));
        List<ValidatedRow> rows = read(f).rows();
        assertThat(rows).extracting(ValidatedRow::rowNumber).containsExactly(2, 3, 4, 5);
        assertThat(rows.get(0).accepted()).isTrue();
        assertThat(rows.get(1).rejections()).extracting(RowRejection::code).containsExactly("DUPLICATE_IN_FILE");
        assertThat(rows.get(2).rejections().get(0).messageEn()).isEqualTo("Duplicate of row 2");
        assertThat(rows.get(3).accepted()).isTrue();
    }

    @Test
    void aHeaderRepeatedIsFoundAndItsCopyIsARow() throws Exception {
        Path f = OdsFiles.write(dir, "judul.ods", "<table:table-row table:number-rows-repeated=\"2\">"
                + text("DAFTAR PEKERJA") + "</table:table-row>"
                + HEADER + row(MALE_1990, "Agustinus Kambu", "12/05/1990", "L"));
        AgencyFiles.Read r = read(f);
        assertThat(r.rows()).extracting(ValidatedRow::rowNumber).containsExactly(4);
        assertThat(r.warnings()).contains("Baris 1-2 di atas judul kolom diabaikan / Rows 1-2 above the header were ignored");
    }

    @Test
    void aDataRowRepeatedMillionsOfTimesIsCountedNotExpanded() throws Exception {
        Path f = OdsFiles.write(dir, "juta.ods", HEADER + "<table:table-row table:number-rows-repeated=\"2000000\">"
                + text(MALE_1990) + text("Agustinus Kambu") + text("12/05/1990") + text("L") + "</table:table-row>");
        FileRejectedException e = refusal(f);
        assertThat(e.code()).isEqualTo("FILE_TOO_MANY_ROWS");
        assertThat(e.messageEn()).contains("(2000000, limit 1048576");
    }

    @Test
    void aNikNumberCellIsJudgedAsInAnXlsx() throws Exception {
        Path f = OdsFiles.write(dir, "angka.ods", HEADER
                + "<table:table-row>" + number("7371015601920003") + text("Maria Tanggo")
                + "<table:table-cell office:value-type=\"date\" office:date-value=\"1992-01-16\"><text:p>16/01/92</text:p></table:table-cell>"
                + text("P") + "</table:table-row>"
                + "<table:table-row>" + number("9.2710112059E+015") + text("Agustinus Kambu") + text("12/05/1990")
                + text("L") + "</table:table-row>"
                + "<table:table-row>" + number("7371015601920010") + text("Ester Tanggo") + text("16/01/1992")
                + text("P") + "</table:table-row>"
                + "<table:table-row>" + number("7371015601920003.5") + text("Maria Tanggo") + text("16/01/1992")
                + text("P") + "</table:table-row>");
        List<ValidatedRow> rows = read(f).rows();
        assertThat(rows.get(0).accepted()).isTrue();
        assertThat(rows.get(0).worker().birthDate()).isEqualTo(LocalDate.of(1992, 1, 16));
        for (int i = 1; i < 4; i++) {
            NumericNik.Reading expected = NumericNik.read(List.of("9.2710112059E+015", "7371015601920010",
                    "7371015601920003.5").get(i - 1));
            assertThat(rows.get(i).rejections()).as("row " + i).containsExactly(expected.damage());
            assertThat(rows.get(i).rawNik()).isEqualTo(expected.shown());
        }
    }

    @Test
    void aRowOfAHundredThousandCellsIsRefusedByItsLength() throws Exception {
        Path f = HostileWorkbooks.ods(dir.resolve("teks.ods"), 100_000);
        FileRejectedException e = refusal(f);
        assertThat(e.code()).isEqualTo("FILE_CELL_TOO_LONG");
        assertThat(e.messageEn()).startsWith("Row 3 holds more than 10000 characters");
    }

    @Test
    void contentThatInflatesLikeAZipBombIsRefused() throws Exception {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        xml.write((OdsFiles.HEAD + HEADER).getBytes(StandardCharsets.UTF_8));
        OdsFiles.repeat(xml, (byte) ' ', 20L << 20); // 20 MiB of spaces deflate about 1000 to 1
        xml.write(OdsFiles.TAIL.getBytes(StandardCharsets.UTF_8));
        Path f = OdsFiles.writeContent(dir, "bom.ods", xml.toByteArray(), OdsValidatedFile.MEDIA_TYPE);
        FileRejectedException e = refusal(f);
        assertThat(e.code()).isEqualTo("FILE_XLSX_TOO_EXPANDED");
        assertThat(e.messageEn()).contains("The .ods content expands far beyond its size");
    }

    @Test
    void whatIsNoSpreadsheetIsRefusedSayingWhatItIs() throws Exception {
        FileRejectedException csv = refusal(AgencyFiles.write(dir, "csv.ods", "NIK;NAMA\n"));
        assertThat(csv.code()).isEqualTo("FILE_NOT_ODS");
        assertThat(csv.messageEn()).contains("not a ZIP file");

        Path xlsx = XlsxFiles.write(dir, "buku.xlsx", new Object[] {"NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"},
                new Object[] {MALE_1990, "Agustinus Kambu", "12/05/1990", "L"});
        FileRejectedException renamed = refusal(Files.move(xlsx, dir.resolve("buku.ods")));
        assertThat(renamed.code()).isEqualTo("FILE_NOT_ODS");
        assertThat(renamed.messageEn()).contains("it is an Excel .xlsx workbook; rename it to .xlsx");

        Path odt = OdsFiles.writeContent(dir, "surat.ods", (OdsFiles.HEAD + HEADER + OdsFiles.TAIL).getBytes(
                StandardCharsets.UTF_8), "application/vnd.oasis.opendocument.text");
        assertThat(refusal(odt).messageEn()).contains("not a spreadsheet (application/vnd.oasis.opendocument.text)");

        Path broken = OdsFiles.writeContent(dir, "rusak.ods", "<office:document-content".getBytes(StandardCharsets.UTF_8),
                OdsValidatedFile.MEDIA_TYPE);
        assertThat(refusal(broken).messageEn()).contains("damaged or it is not an OpenDocument spreadsheet");

        byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0};
        assertThat(refusal(AgencyFiles.writeBytes(dir, "lama.ods", ole)).messageEn()).contains("old Excel workbook");
    }

    @Test
    void aPasswordProtectedFileIsToldAsSuch() throws Exception {
        Path p = dir.resolve("sandi.ods");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
            OdsFiles.put(zip, "mimetype", OdsValidatedFile.MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII));
            OdsFiles.put(zip, "META-INF/manifest.xml", ("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:"
                    + "opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"content.xml\">"
                    + "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry>"
                    + "</manifest:manifest>").getBytes(StandardCharsets.UTF_8));
            OdsFiles.put(zip, "content.xml", new byte[] {1, 2, 3, 4});
        }
        FileRejectedException e = refusal(p);
        assertThat(e.code()).isEqualTo("FILE_NOT_ODS");
        assertThat(e.messageEn()).contains("protected with a password");
    }

    @Test
    void onlyTheFirstTableIsRead() throws Exception {
        // The second table (OdsFiles.TAIL) holds a row that would be refused; it is never read.
        AgencyFiles.Read r = read(OdsFiles.write(dir, "dua.ods", HEADER + row(MALE_1990, "Agustinus Kambu", "12/05/1990", "L")));
        assertThat(r.rows()).hasSize(1);
        assertThat(r.encoding()).isEqualTo("ods");
        assertThat(r.separator()).isEqualTo('\0');
    }
}
