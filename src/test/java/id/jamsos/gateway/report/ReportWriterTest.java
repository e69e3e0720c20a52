package id.jamsos.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.config.ReportSettings.Format;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports as a clerk opens them, written from a real (H2) ledger: NIK and KPJ that no spreadsheet
 * turns into numbers, the agency's separator and encoding, the workbook's text cells, remarks in both
 * languages with nothing technical, the file's warnings, and a second version after a replay.
 */
class ReportWriterTest {

    private static final ReportSettings CSV = ReportSettings.DEFAULT;
    private static final ReportSettings XLSX = new ReportSettings(EnumSet.of(Format.XLSX), ',', StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private ReportFixture fx;

    @BeforeEach
    void decidedFile() {
        fx = new ReportFixture(dir);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void csvByDefaultWithTheNamesAgenciesHaveAlwaysHad() throws Exception {
        ReportFixture.Round round = fx.round(fx.writer(CSV));

        assertThat(round.written).containsOnlyKeys("pekerja.csv.results.csv", "pekerja.csv.rejects.csv");
        byte[] bytes = Files.readAllBytes((Path) round.written.get("pekerja.csv.results.csv"));
        // UTF-8 with a BOM, comma-separated, as before.
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<CSVRecord> results = parse(new String(bytes, StandardCharsets.UTF_8).substring(1), ',');
        assertThat(results.get(0).toList()).containsExactly(ReportWriter.RESULTS_HEADER);
        CSVRecord enrolled = results.get(1);
        assertThat(enrolled.get(1)).isEqualTo("=\"" + ReportFixture.NIK + "\"");
        assertThat(CsvCells.textOf(enrolled.get(1))).isEqualTo(ReportFixture.NIK);
        assertThat(CsvCells.textOf(enrolled.get(4))).isEqualTo(ReportFixture.KPJ);
        assertThat(enrolled.get(2)).isEqualTo(ReportFixture.NAME);
        assertThat(enrolled.get(6)).isEqualTo(ReportFixture.PHONE_WARNING);
        // A rejected row's NIK of 14 digits is still digits: kept as text too, so the clerk sees what was typed.
        assertThat(results.get(2).get(1)).isEqualTo("=\"96711028049588\"");
    }

    @Test
    void everyRemarkIsInBothLanguagesAndNothingTechnicalReachesTheClerk() throws Exception {
        ReportFixture.Round round = fx.round(fx.writer(CSV));
        String results = Files.readString((Path) round.written.get("pekerja.csv.results.csv"));
        String rejects = Files.readString((Path) round.written.get("pekerja.csv.rejects.csv"));

        List<CSVRecord> lines = parse(results.substring(1), ',');
        for (CSVRecord line : lines.subList(1, lines.size())) {
            assertThat(line.get(5)).as("remark of row " + line.get(0)).contains(" / ");
        }
        assertThat(lines.get(3).get(5)).isEqualTo(ReportTexts.PARKED_ID + " / " + ReportTexts.PARKED_EN)
                .contains("Belum terkirim", "Not sent yet");
        assertThat(lines.get(4).get(5)).contains("Ditolak oleh BPJS Ketenagakerjaan: BPJS E07",
                "Refused by BPJS Ketenagakerjaan: BPJS E07");
        assertThat(results + rejects).doesNotContain("HTTP 400", "metaData");
    }

    @Test
    void aRemarkForEveryStateInBothLanguages() {
        for (RowState state : RowState.values()) {
            List<RowRejection> reasons = state == RowState.REJECTED
                    ? List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 digit", "NIK must be 16 digits"))
                    : List.of();
            LedgerRow row = new LedgerRow(9, 4, ReportFixture.NIK, "Nama", state, reasons, "k", null,
                    ReportFixture.TECHNICAL, null, null, ChangeAction.DAFTAR, null);
            String remark = ReportWriter.remark(row);
            String[] both = ReportTexts.split(remark);
            assertThat(both[0]).as(state + " in Indonesian").isNotBlank().isNotEqualTo(both[1]);
            assertThat(both[1]).as(state + " in English").isNotBlank();
            assertThat(remark).as(state.name()).doesNotContain("HTTP 400", "metaData");
            assertThat(RowStatusText.of(state)).as(state + " status").contains("/");
        }
        // A refusal with BPJS's own reason quotes it in both halves; a technical one names a reference.
        LedgerRow refused = new LedgerRow(9, 4, ReportFixture.NIK, "Nama", RowState.REFUSED, List.of(), "k", null,
                "BPJS E07: NIK tidak ditemukan", null, null);
        assertThat(ReportWriter.remark(refused)).isEqualTo("Ditolak oleh BPJS Ketenagakerjaan: BPJS E07: NIK tidak"
                + " ditemukan / Refused by BPJS Ketenagakerjaan: BPJS E07: NIK tidak ditemukan");
        LedgerRow technical = new LedgerRow(9, 4, ReportFixture.NIK, "Nama", RowState.REFUSED, List.of(), "k", null,
                ReportFixture.TECHNICAL, null, null);
        assertThat(ReportWriter.remark(technical)).contains("berkas #9, baris 4", "file #9, row 4");
    }

    @Test
    void theFilesWarningsAreInTheRejectsReport() throws Exception {
        ReportFixture.Round round = fx.round(fx.writer(CSV));
        List<CSVRecord> rejects = parse(Files.readString((Path) round.written.get("pekerja.csv.rejects.csv")).substring(1),
                ',');
        List<List<String>> warnings = rejects.stream().filter(r -> r.get(4).equals("WARNING")).map(CSVRecord::toList)
                .toList();
        assertThat(warnings).containsExactly(
                List.of("", "", "", "FILE", "WARNING", "Berkas bukan UTF-8; dibaca sebagai Windows-1252 (periksa huruf"
                        + " beraksen)", "The file is not UTF-8; read as Windows-1252 (check accented letters)", ""),
                List.of("", "", "", "FILE", "WARNING", "Kolom tidak dikenal diabaikan: CATATAN",
                        "Unknown columns ignored: CATATAN", ""));
    }

    @Test
    void semicolonsAndWindows1252ForAnAgencyThatAsks() throws Exception {
        ReportSettings old = new ReportSettings(EnumSet.of(Format.CSV), ';', ReportSettings.WINDOWS_1252);
        ReportFixture.Round round = fx.round(fx.writer(old));
        byte[] bytes = Files.readAllBytes((Path) round.written.get("pekerja.csv.results.csv"));

        // No BOM: it is not UTF-8. The accented letters are one byte each: é is E9, ü is FC.
        assertThat(bytes[0]).isEqualTo((byte) 'b');
        String text = new String(bytes, ReportSettings.WINDOWS_1252);
        assertThat(text).startsWith("baris/row;nik;nama/name;status;kpj;");
        assertThat(indexOf(bytes, new byte[] {'J', 'o', 's', (byte) 0xE9, ' ', 'M', (byte) 0xFC})).isPositive();
        List<CSVRecord> results = parse(text, ';');
        assertThat(results.get(1).get(2)).isEqualTo(ReportFixture.NAME);
        assertThat(CsvCells.textOf(results.get(1).get(1))).isEqualTo(ReportFixture.NIK);
        String rejects = new String(Files.readAllBytes((Path) round.written.get("pekerja.csv.rejects.csv")),
                ReportSettings.WINDOWS_1252);
        assertThat(rejects).startsWith("baris/row;nik;");
    }

    @Test
    void theWorkbookHoldsNikAndKpjAsTextCells() throws Exception {
        ReportFixture.Round round = fx.round(fx.writer(XLSX));

        assertThat(round.written).containsOnlyKeys("pekerja.csv.report.xlsx");
        try (InputStream in = Files.newInputStream((Path) round.written.get("pekerja.csv.report.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2)))
                    .containsExactly("hasil-results", "ditolak-rejects", "catatan-notes");
            Sheet results = wb.getSheet("hasil-results");
            assertThat(texts(results.getRow(0))).containsExactly(ReportWriter.RESULTS_HEADER);
            Row enrolled = results.getRow(1);
            assertThat(enrolled.getCell(0).getNumericCellValue()).isEqualTo(1.0);
            Cell nik = enrolled.getCell(1);
            assertThat(nik.getCellType()).isEqualTo(CellType.STRING);
            assertThat(nik.getStringCellValue()).isEqualTo(ReportFixture.NIK);
            assertThat(nik.getCellStyle().getDataFormatString()).isEqualTo("@");
            assertThat(enrolled.getCell(4).getCellType()).isEqualTo(CellType.STRING);
            assertThat(enrolled.getCell(4).getStringCellValue()).isEqualTo(ReportFixture.KPJ);
            assertThat(enrolled.getCell(2).getStringCellValue()).isEqualTo(ReportFixture.NAME);
            assertThat(enrolled.getCell(6).getStringCellValue()).isEqualTo(ReportFixture.PHONE_WARNING);
            assertThat(results.getLastRowNum()).isEqualTo(4);

            Sheet rejects = wb.getSheet("ditolak-rejects");
            assertThat(rejects.getRow(1).getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(rejects.getRow(1).getCell(1).getStringCellValue()).isEqualTo("96711028049588");
            assertThat(rejects.getLastRowNum()).isEqualTo(3);

            List<String> notes = new ArrayList<>();
            wb.getSheet("catatan-notes").forEach(r -> notes.add(r.getCell(0).getStringCellValue()));
            assertThat(notes).contains(ReportTexts.warning(ReportFixture.ENCODING_WARNING),
                    ReportTexts.warning(ReportFixture.COLUMN_WARNING));
        }
    }

    @Test
    void afterAReplayVersion2WithANoteAndVersion1Kept() throws Exception {
        ReportSettings both = new ReportSettings(EnumSet.of(Format.CSV, Format.XLSX), ',', StandardCharsets.UTF_8);
        ReportWriter writer = fx.writer(both);
        ReportFixture.Round first = fx.round(writer);
        assertThat(first.written).containsOnlyKeys("pekerja.csv.results.csv", "pekerja.csv.rejects.csv",
                "pekerja.csv.report.xlsx");
        String v1 = Files.readString((Path) first.written.get("pekerja.csv.results.csv"));
        writer.finished(fx.fileId, List.of(), null);

        fx.replayParkedRowEnrolled();
        ReportFixture.Round second = fx.round(writer);

        assertThat(second.written).containsOnlyKeys("pekerja.csv.results.v2.csv", "pekerja.csv.rejects.v2.csv",
                "pekerja.csv.report.v2.xlsx", "pekerja.csv.changes.v2.txt");
        String note = (String) second.written.get("pekerja.csv.changes.v2.txt");
        assertThat(note).contains("versi 2 menggantikan versi 1", "version 2 replace version 1",
                "Sebelumnya / before: DITOLAK/REJECTED 1, TERDAFTAR/ENROLLED 1, DITOLAK BPJS/REFUSED BY BPJS 1,"
                        + " DITAHAN/PARKED 1",
                "Sekarang / now: DITOLAK/REJECTED 1, TERDAFTAR/ENROLLED 2, DITOLAK BPJS/REFUSED BY BPJS 1",
                "pekerja.csv.results.csv", "pekerja.csv.report.xlsx");
        List<CSVRecord> v2 = parse(Files.readString((Path) second.written.get("pekerja.csv.results.v2.csv")).substring(1),
                ',');
        assertThat(v2.get(3).get(3)).isEqualTo("TERDAFTAR/ENROLLED");
        assertThat(CsvCells.textOf(v2.get(3).get(4))).isEqualTo("02409999999");
        // Version 1 is another name, and what it said is untouched: the outbox keeps both.
        assertThat(v1).contains("DITAHAN/PARKED");
        assertThat(ReportNames.upTo("pekerja.csv", 2, both)).containsExactly("pekerja.csv.results.v2.csv",
                "pekerja.csv.rejects.v2.csv", "pekerja.csv.report.v2.xlsx", "pekerja.csv.changes.v2.txt",
                "pekerja.csv.results.csv", "pekerja.csv.rejects.csv", "pekerja.csv.report.xlsx");
        try (InputStream in = Files.newInputStream((Path) second.written.get("pekerja.csv.report.v2.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getSheet("catatan-notes").getRow(1).getCell(0).getStringCellValue())
                    .contains("versi 2 menggantikan versi 1");
        }

        // Written again with nothing changed (stale-reports after a failed upload): still version 2.
        assertThat(fx.round(writer).written).containsKey("pekerja.csv.results.v2.csv");
    }

    /**
     * The note of version 2 lists the rows whose state changed (row, masked NIK, before -> after), and version 1
     * stays in the archive (V29), written out again as it was: row 3 still parked.
     */
    @Test
    void version2sNoteListsTheChangedRowsAndVersion1IsKept() throws Exception {
        ReportWriter writer = fx.writer(CSV);
        ReportFixture.Round first = fx.round(writer);
        writer.finished(fx.fileId, List.of(), (ReportWriter.Round) first.properties.get(Headers.REPORT_ROUND));
        fx.replayParkedRowEnrolled();
        ReportFixture.Round second = fx.round(writer);
        writer.finished(fx.fileId, List.of(), (ReportWriter.Round) second.properties.get(Headers.REPORT_ROUND));

        String note = (String) second.written.get("pekerja.csv.changes.v2.txt");
        assertThat(note).contains("Baris yang berubah status / Rows whose state changed: 1\r\n"
                + "baris/row 3, NIK " + NikMask.mask("9671102804958891") + ": DITAHAN/PARKED -> TERDAFTAR/ENROLLED\r\n")
                .doesNotContain("9671102804958891", "dan 0 baris lagi");
        ReportVersions versions = writer.versions();
        assertThat(versions.list(fx.fileId)).extracting(k -> k.version()).containsExactly(2, 1);
        assertThat(versions.note(fx.fileId, 2)).contains(note);

        java.util.Map<String, Object> headers = new java.util.HashMap<>();
        Path v1 = versions.write(fx.fileId, 1, ReportVersions.Kind.RESULTS, headers, new java.util.HashMap<>())
                .orElseThrow().toPath();
        assertThat(headers).containsEntry(org.apache.camel.Exchange.FILE_NAME, "pekerja.csv.results.csv");
        List<CSVRecord> then = parse(Files.readString(v1).substring(1), ',');
        assertThat(CsvCells.textOf(then.get(3).get(1))).isEqualTo("9671102804958891");
        assertThat(then.get(3).get(3)).isEqualTo("DITAHAN/PARKED");
        assertThat(then.get(1).get(6)).isEqualTo(ReportFixture.PHONE_WARNING);
        Path rejects = versions.write(fx.fileId, 1, ReportVersions.Kind.REJECTS, headers, new java.util.HashMap<>())
                .orElseThrow().toPath();
        assertThat(Files.readString(rejects)).contains("PARKED", "96711028049588");
        assertThat(versions.write(fx.fileId, 3, ReportVersions.Kind.RESULTS, headers, new java.util.HashMap<>()))
                .isEmpty();
    }

    /** A note lists the first 200 changed rows and says how many more there are. */
    @Test
    void aLongListOfChangedRowsIsCutAfter200() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ReportWriter.CHANGES_LISTED; i++) {
            lines.add("baris/row " + (i + 2));
        }
        String text = ReportVersions.changedRowsText(new ReportWriter.ChangedRows(lines, 250));
        assertThat(text).contains("Rows whose state changed: 250", "baris/row 201\r\n",
                "... dan 50 baris lagi (lihat laporan hasil) / and 50 more rows (see the results report)")
                .doesNotContain("baris/row 202\r\n");
        assertThat(ReportVersions.changedRowsText(new ReportWriter.ChangedRows(null, 0)))
                .contains("not available");
    }

    private static List<String> texts(Row row) {
        List<String> texts = new ArrayList<>();
        row.forEach(c -> texts.add(c.getStringCellValue()));
        return texts;
    }

    private static List<CSVRecord> parse(String text, char separator) throws Exception {
        return CSVFormat.RFC4180.builder().setDelimiter(separator).get().parse(new StringReader(text)).getRecords();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
