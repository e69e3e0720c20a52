package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** .xlsx files refused as a whole, each with a code and a reason the clerk can act on. */
class XlsxRefusalTest {

    private static final Object[] HEADER = {"NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"};
    private static final Object[] ROW = {MALE_1990, "Agustinus Kambu", LocalDate.of(1990, 5, 12), "L"};

    @TempDir
    Path dir;

    private FileRejectedException refusal(Path f) {
        return refusal(validator(), f);
    }

    private FileRejectedException refusal(AgencyFileValidator v, Path f) {
        FileRejectedException e = catchThrowableOfType(FileRejectedException.class,
                () -> v.open(f, f.getFileName().toString()).close());
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).doesNotContain(MALE_1990);
        return e;
    }

    @Test
    void anEmptySheetOrOnlyAHeaderHasNoRows() throws Exception {
        assertThat(refusal(XlsxFiles.writeEmpty(dir, "kosong.xlsx")).code()).isEqualTo("FILE_NO_ROWS");
        assertThat(refusal(XlsxFiles.write(dir, "judul.xlsx", HEADER)).code()).isEqualTo("FILE_NO_ROWS");
        assertThat(refusal(Files.write(dir.resolve("nol.xlsx"), new byte[0])).code()).isEqualTo("FILE_NO_ROWS");
    }

    @Test
    void aMissingRequiredColumnIsNamed() throws Exception {
        FileRejectedException e = refusal(XlsxFiles.write(dir, "kolom.xlsx",
                new Object[] {"NIK", "NAMA", "JK"}, new Object[] {MALE_1990, "Agustinus Kambu", "L"}));
        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
        assertThat(e.messageEn()).contains("TGL_LAHIR");
    }

    @Test
    void aCorruptWorkbookIsNotXlsx() throws Exception {
        byte[] good = Files.readAllBytes(XlsxFiles.write(dir, "baik.xlsx", HEADER, ROW));
        byte[] half = java.util.Arrays.copyOf(good, good.length / 2);
        FileRejectedException e = refusal(Files.write(dir.resolve("setengah.xlsx"), half));
        assertThat(e.code()).isEqualTo("FILE_NOT_XLSX");
        assertThat(e.messageId()).contains("bukan buku kerja Excel");
        assertThat(e.messageEn()).contains("not an Excel .xlsx workbook");

        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        noise[0] = 'P';
        noise[1] = 'K';
        noise[2] = 3;
        noise[3] = 4;
        assertThat(refusal(Files.write(dir.resolve("acak.xlsx"), noise)).code()).isEqualTo("FILE_NOT_XLSX");
    }

    @Test
    void aZipThatIsNoWorkbookIsNotXlsx() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("data.csv"));
            zip.write("NIK;NAMA\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(refusal(Files.write(dir.resolve("arsip.xlsx"), bytes.toByteArray())).code())
                .isEqualTo("FILE_NOT_XLSX");
    }

    @Test
    void anOldXlsOrPasswordProtectedWorkbookSaysSo() throws Exception {
        byte[] ole2 = new byte[1024];
        ole2[0] = (byte) 0xD0;
        ole2[1] = (byte) 0xCF;
        ole2[2] = 0x11;
        ole2[3] = (byte) 0xE0;
        FileRejectedException e = refusal(Files.write(dir.resolve("lama.xlsx"), ole2));
        assertThat(e.code()).isEqualTo("FILE_NOT_XLSX");
        assertThat(e.messageEn()).contains("old Excel workbook (.xls) or protected with a password");
    }

    @Test
    void aZipBombIsRefusedBeforeItInflates() throws Exception {
        Path good = XlsxFiles.write(dir, "baik.xlsx", HEADER, ROW);
        Path bomb = dir.resolve("bom.xlsx");
        // The same workbook with a first sheet of ~64 MB of whitespace that compresses about 1000:1.
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    writeHugeSheet(out);
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        assertThat(Files.size(bomb)).isLessThan(200_000);
        FileRejectedException e = refusal(bomb);
        assertThat(e.code()).isEqualTo("FILE_XLSX_TOO_EXPANDED");
        assertThat(e.messageEn()).contains("expands far beyond its size");
        assertThat(e.messageId()).contains("mengembang");
        // The guards the validator sets, explicitly rather than by POI's defaults.
        assertThat(ZipSecureFile.getMinInflateRatio()).isEqualTo(XlsxValidatedFile.MIN_INFLATE_RATIO);
        assertThat(ZipSecureFile.getMaxEntrySize()).isEqualTo(XlsxValidatedFile.MAX_ENTRY_BYTES);
    }

    private static void writeHugeSheet(OutputStream out) throws IOException {
        out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
                + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>").getBytes(StandardCharsets.UTF_8));
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 64; i++) {
            out.write(spaces);
        }
        out.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAbsurdlyLongCellRefusesTheFile() throws Exception {
        FileRejectedException e = refusal(XlsxFiles.write(dir, "panjang.xlsx", HEADER, ROW,
                new Object[] {MALE_1975, "A".repeat(12_000), "17/08/1975", "L"}));
        assertThat(e.code()).isEqualTo("FILE_CELL_TOO_LONG");
        assertThat(e.messageEn()).contains("Row 3");
    }

    @Test
    void tooLargeBeforeOpening() throws Exception {
        AgencyFileValidator small = new AgencyFileValidator(ValidationSettings.defaults().withLimits(1000, 10_000));
        assertThat(refusal(small, XlsxFiles.write(dir, "besar.xlsx", HEADER, ROW)).code()).isEqualTo("FILE_TOO_LARGE");
    }

    @Test
    void missingFileIsUnreadable() {
        assertThat(refusal(dir.resolve("tidak-ada.xlsx")).code()).isEqualTo("FILE_UNREADABLE");
    }

    @Test
    void theSummaryCarriesTheCode() throws Exception {
        byte[] junk = "NIK;NAMA\n".getBytes(StandardCharsets.UTF_8);
        FileValidationSummary s = validator().summarize(Files.write(dir.resolve("teks.xlsx"), junk), "teks.xlsx");
        assertThat(s.fileErrorCode()).isEqualTo("FILE_NOT_XLSX");
        assertThat(s.fileError()).contains(" / ");
    }

}
