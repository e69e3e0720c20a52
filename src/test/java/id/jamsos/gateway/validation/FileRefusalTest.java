package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static id.jamsos.gateway.validation.AgencyFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Files refused as a whole, before any row is handed out. */
class FileRefusalTest {

    private static final String HEADER = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n";
    private static final String ROW = MALE_1990 + ";Agustinus Kambu;12/05/1990;L\n";

    @TempDir
    Path dir;

    private FileRejectedException refusal(AgencyFileValidator v, Path f) {
        return catchThrowableOfType(FileRejectedException.class, () -> v.open(f, f.getFileName().toString()));
    }

    private FileRejectedException refusal(Path f) {
        return refusal(validator(), f);
    }

    @Test
    void missingRequiredColumnsAreNamed() throws Exception {
        FileRejectedException e = refusal(write(dir, "a.csv", "NIK;NAMA;JK\n" + MALE_1990 + ";Agustinus Kambu;L\n"));
        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
        assertThat(e.messageId()).contains("TGL_LAHIR").doesNotContain("JENIS_KELAMIN");
        assertThat(e.messageEn()).contains("Required column missing: TGL_LAHIR");
        assertThat(e.fileName()).isEqualTo("a.csv");
    }

    @Test
    void noNikColumnAtAll() throws Exception {
        FileRejectedException e = refusal(write(dir, "b.csv", "NAMA;TGL_LAHIR;JENIS_KELAMIN\nAgustinus;12/05/1990;L\n"));
        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
        assertThat(e.messageEn()).contains("NIK");
    }

    @Test
    void wrongSeparatorLooksLikeMissingColumns() throws Exception {
        FileRejectedException e = refusal(write(dir, "c.csv", "NIK|NAMA|TGL_LAHIR|JENIS_KELAMIN\n" + ROW.replace(';', '|')));
        assertThat(e.code()).isEqualTo("FILE_MISSING_COLUMN");
    }

    @Test
    void aColumnTwiceIsAmbiguous() throws Exception {
        FileRejectedException e = refusal(write(dir, "d.csv", "NIK;NAMA;NAME;TGL_LAHIR;JENIS_KELAMIN\n"));
        assertThat(e.code()).isEqualTo("FILE_DUPLICATE_COLUMN");
    }

    @Test
    void noDataRows() throws Exception {
        assertThat(refusal(write(dir, "e.csv", HEADER)).code()).isEqualTo("FILE_NO_ROWS");
        assertThat(refusal(write(dir, "f.csv", HEADER + "\n;;;\n\n")).code()).isEqualTo("FILE_NO_ROWS");
        assertThat(refusal(write(dir, "g.csv", "")).code()).isEqualTo("FILE_NO_ROWS");
        assertThat(refusal(write(dir, "h.csv", "\n\r\n")).code()).isEqualTo("FILE_NO_ROWS");
    }

    @Test
    void binaryContentIsNotCsv() throws Exception {
        byte[] bytes = (HEADER + ROW).getBytes();
        bytes[20] = 0;
        assertThat(refusal(writeBytes(dir, "nul.csv", bytes)).code()).isEqualTo("FILE_NOT_CSV");
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0};
        FileRejectedException e = refusal(writeBytes(dir, "renamed.csv", zip));
        assertThat(e.code()).isEqualTo("FILE_NOT_CSV");
        assertThat(e.messageEn()).contains("Excel workbook");
        byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, 'N', 0, 'I', 0, 'K', 0};
        assertThat(refusal(writeBytes(dir, "utf16.csv", utf16)).messageEn()).contains("UTF-16");
        byte[] noise = new byte[4096];
        new java.util.Random(1).nextBytes(noise);
        noise[0] = 'N';
        assertThat(refusal(writeBytes(dir, "noise.txt", noise)).code()).isEqualTo("FILE_NOT_CSV");
    }

    @Test
    void otherSpreadsheetsAskForXlsxOrCsvAndOtherExtensionsAreRefused() throws Exception {
        for (String name : new String[] {"data.xls", "data.XLSM", "data.xlsb"}) {
            FileRejectedException e = refusal(write(dir, name, HEADER + ROW));
            assertThat(e.code()).as(name).isEqualTo("FILE_TYPE_UNSUPPORTED");
            assertThat(e.messageId()).contains(".xlsx", "CSV UTF-8");
            assertThat(e.messageEn()).contains("save it as Excel Workbook (.xlsx) or CSV UTF-8");
        }
        assertThat(refusal(write(dir, "data.pdf", HEADER + ROW)).code()).isEqualTo("FILE_NOT_CSV");
        assertThat(refusal(write(dir, "data", HEADER + ROW)).code()).isEqualTo("FILE_NOT_CSV");
        assertThat(refusal(write(dir, "data.pdf", HEADER + ROW)).messageEn()).contains(".csv, .txt, .xlsx or .ods");
        assertThat(read(write(dir, "data.TXT", HEADER + ROW)).rows()).hasSize(1);
    }

    @Test
    void csvTextNamedXlsxIsNotAWorkbook() throws Exception {
        FileRejectedException e = refusal(write(dir, "data.XLSX", HEADER + ROW));
        assertThat(e.code()).isEqualTo("FILE_NOT_XLSX");
        assertThat(e.messageEn()).contains("not a ZIP file");
    }

    @Test
    void tooLargeBeforeReading() throws Exception {
        AgencyFileValidator small = new AgencyFileValidator(ValidationSettings.defaults().withLimits(100, 10_000));
        Path f = write(dir, "big.csv", HEADER + ROW + ROW.replace("0001", "0002") + ROW.replace("0001", "0003"));
        FileRejectedException e = refusal(small, f);
        assertThat(e.code()).isEqualTo("FILE_TOO_LARGE");
        assertThat(e.messageEn()).contains("limit 100");
    }

    @Test
    void tooLongLine() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withLimits(1 << 20, 200));
        Path f = write(dir, "long.csv", HEADER + ROW + MALE_1975 + ";" + "A".repeat(300) + ";17/08/1975;L\n");
        FileRejectedException e = refusal(v, f);
        assertThat(e.code()).isEqualTo("FILE_LINE_TOO_LONG");
        assertThat(e.messageEn()).contains("Line 3");
        assertThat(read(v, write(dir, "ok.csv", HEADER + ROW)).rows()).hasSize(1);
    }

    @Test
    void unclosedQuoteAtTheEndRefusesTheFile() throws Exception {
        Path f = write(dir, "quote.csv", HEADER + ROW + MALE_1975 + ";\"Marthen Rumere;17/08/1975;L\n");
        FileRejectedException e = refusal(f);
        assertThat(e.code()).isEqualTo("FILE_BAD_QUOTES");
    }

    @Test
    void unclosedQuoteSwallowingTheFileIsStoppedEarly() throws Exception {
        AgencyFileValidator v = new AgencyFileValidator(ValidationSettings.defaults().withLimits(1 << 24, 200));
        StringBuilder sb = new StringBuilder(HEADER).append(MALE_1975).append(";\"Marthen Rumere;17/08/1975;L\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(ROW);
        }
        FileRejectedException e = refusal(v, write(dir, "swallow.csv", sb.toString()));
        assertThat(e.code()).isEqualTo("FILE_LINE_TOO_LONG");
        assertThat(e.messageEn()).contains("line 2").contains("quote");
    }

    @Test
    void missingFileIsUnreadable() {
        assertThat(refusal(dir.resolve("absent.csv")).code()).isEqualTo("FILE_UNREADABLE");
    }

    @Test
    void refusalMessagesAreBilingual() throws Exception {
        FileRejectedException e = refusal(write(dir, "e.csv", HEADER));
        assertThat(e.messageId()).contains("tidak berisi baris data");
        assertThat(e.messageEn()).contains("no data rows");
        assertThat(e.getMessage()).startsWith("e.csv: ");
    }
}
