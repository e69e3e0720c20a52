package id.jamsos.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.report.CsvCells;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole gateway: a file's warnings, given when it is read, reach the reports written later from the
 * ledger; and an agency that asked for {@code ;} and a workbook gets them.
 */
class ReportWarningsIntakeTest {

    private static final String AGENCY = DemoEnvironment.PASSWORD_AGENCY;

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withAgenciesAdjusted(Map.of(), a -> a.id().equals(AGENCY)
            ? a.withReports(new ReportSettings(EnumSet.of(ReportSettings.Format.CSV, ReportSettings.Format.XLSX), ';',
                    StandardCharsets.UTF_8))
            : a);

    @Test
    void phoneEncodingAndColumnWarningsAreInTheReports() throws Exception {
        Path file = fx.dir().resolve("peringatan.csv");
        // Windows-1252 (the é one byte), a column the gateway does not know, a phone number it cannot read.
        Files.write(file, ("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;CATATAN\r\n"
                + "9271011205900001;Agustinus Kamb\u00e9;12/05/1990;L;12345;x\r\n"
                + "9671024503850123;Yosina Mambrasar;05/03/1985;P;081234567890;y\r\n")
                .getBytes(ReportSettings.WINDOWS_1252));
        fx.upload(AGENCY, file, "peringatan.csv");
        FileInfo done = fx.awaitFinal(AGENCY, "peringatan.csv", Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(FileState.DONE);

        Path outbox = fx.env().outbox(AGENCY);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve("peringatan.csv.report.xlsx")));
        List<CSVRecord> results = parse(outbox.resolve("peringatan.csv.results.csv"));
        assertThat(results.get(0).get(6)).isEqualTo("peringatan/warning");
        assertThat(results.get(1).get(6)).startsWith("NO_HP tidak dikenali").contains("NO_HP is not a recognisable");
        assertThat(results.get(2).get(6)).isEmpty();
        assertThat(CsvCells.textOf(results.get(1).get(1))).isEqualTo("9271011205900001");

        List<CSVRecord> rejects = parse(outbox.resolve("peringatan.csv.rejects.csv"));
        assertThat(rejects).filteredOn(r -> r.get(4).equals("WARNING")).extracting(r -> r.get(6))
                .anySatisfy(en -> assertThat(en).contains("read as Windows-1252"))
                .anySatisfy(en -> assertThat(en).contains("Unknown columns ignored: CATATAN"));

        try (InputStream in = Files.newInputStream(outbox.resolve("peringatan.csv.report.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Row first = wb.getSheet("hasil-results").getRow(1);
            assertThat(first.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo("9271011205900001");
            assertThat(first.getCell(6).getStringCellValue()).startsWith("NO_HP tidak dikenali");
            StringBuilder notes = new StringBuilder();
            wb.getSheet("catatan-notes").forEach(r -> notes.append(r.getCell(0).getStringCellValue()).append('\n'));
            assertThat(notes).contains("Windows-1252", "CATATAN");
        }
    }

    private static List<CSVRecord> parse(Path csv) throws Exception {
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        return CSVFormat.RFC4180.builder().setDelimiter(';').get().parse(new StringReader(text.substring(1)))
                .getRecords();
    }
}
