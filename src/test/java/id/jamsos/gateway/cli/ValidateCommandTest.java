package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    private static final String HEADER = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN\n";
    private static final String GOOD = "9271011205900001;Agustinus Kambu;12/05/1990;L\n";
    private static final String GOOD2 = "9671024503850123;Yosina Mambrasar;05/03/1985;P\n";
    private static final String BAD = "9271031708750002;Marthen 2;17/08/1975;P\n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new ValidateCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void allAcceptedExitsZero() throws Exception {
        assertThat(run(file("ok.csv", HEADER + GOOD + GOOD2).toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("ok.csv: 2 baris, 2 diterima, 0 ditolak" + System.lineSeparator()
                + "ok.csv: 2 rows, 2 accepted, 0 refused" + System.lineSeparator()
                + "Semua baris dapat dikirim. / Every row can be sent.");
    }

    @Test
    void someRefusedExitsOneAndWritesTheReportWithTheRawNik() throws Exception {
        Path report = dir.resolve("rejects.csv");
        int code = run(file("some.csv", HEADER + GOOD + BAD).toString(), "--report", report.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("some.csv: 2 baris, 1 diterima, 1 ditolak")
                .contains("some.csv: 2 rows, 1 accepted, 1 refused")
                .contains("The full list with NIKs was written to: " + report)
                .doesNotContain("add --report");
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFbaris/row,nik,nama/name,kolom/field,kode/code,alasan,reason,aksi/action\r\n");
        // The NIK as ="<digits>" (report.CsvCells#digitsAsText): no spreadsheet turns it into a number.
        assertThat(text).contains("3,\"=\"\"9271031708750002\"\"\",Marthen 2,NIK,NIK_SEX_MISMATCH,")
                .contains("3,\"=\"\"9271031708750002\"\"\",Marthen 2,NAMA,NAME_DIGITS,");
    }

    @Test
    void theFilesWarningsAreInTheReportToo() throws Exception {
        Path report = dir.resolve("warned.csv");
        Path file = dir.resolve("ansi.csv");
        // Windows-1252 (é as one byte E9) and a column the gateway does not know.
        Files.write(file, ("NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;CATATAN\n9271011205900001;Agustinus Kamb\u00e9;12/05/1990;L;x\n"
                + BAD.replace("\n", ";y\n")).getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertThat(run(file.toString(), "--report", report.toString())).isEqualTo(1);
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).contains(",FILE,WARNING,Berkas bukan UTF-8; dibaca sebagai Windows-1252")
                .contains(",FILE,WARNING,Kolom tidak dikenal diabaikan: CATATAN,Unknown columns ignored: CATATAN,");
    }

    @Test
    void fileRefusedExitsTwoWithTheReasonOnStderr() throws Exception {
        int code = run(file("cols.csv", "NIK;NAMA\n9271011205900001;Agustinus\n").toString());
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("FILE_MISSING_COLUMN").contains("TGL_LAHIR");
        assertThat(run(dir.resolve("absent.csv").toString())).isEqualTo(2);
        assertThat(run(file("book.xlsx", "x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("FILE_NOT_XLSX");
        assertThat(run(file("book.xls", "x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("FILE_TYPE_UNSUPPORTED");
    }

    @Test
    void jsonHasTheAgreedShapeAndMasksNiks() throws Exception {
        int code = run(file("some.csv", HEADER + GOOD + "\n" + BAD).toString(), "--json");
        assertThat(code).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("file").asText()).isEqualTo("some.csv");
        assertThat(json.get("rows").asInt()).isEqualTo(2);
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isEqualTo(1);
        assertThat(json.get("fileError").isNull()).isTrue();
        JsonNode reject = json.get("rejects").get(0);
        assertThat(reject.get("row").asInt()).isEqualTo(4);
        assertThat(reject.get("nik").asText()).isEqualTo("9271********0002");
        assertThat(reject.get("reasons")).hasSize(2);
        JsonNode reason = reject.get("reasons").get(0);
        assertThat(reason.get("field").asText()).isEqualTo("NIK");
        assertThat(reason.get("code").asText()).isEqualTo("NIK_SEX_MISMATCH");
        assertThat(reason.get("message").asText()).contains(" / ").contains("JENIS_KELAMIN");
        assertThat(json.get("warnings").isArray()).isTrue();
        assertThat(out.toString()).doesNotContain("9271031708750002");
    }

    @Test
    void jsonForARefusedFile() throws Exception {
        int code = run(file("empty.csv", HEADER).toString(), "--json");
        assertThat(code).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("fileError").asText()).contains("no data rows");
        assertThat(json.get("rows").asInt()).isZero();
        assertThat(json.get("rejects")).isEmpty();
    }

    @Test
    void reportForARefusedFileSaysWhy() throws Exception {
        Path report = dir.resolve("r.csv");
        assertThat(run(file("empty.csv", HEADER).toString(), "--report", report.toString())).isEqualTo(2);
        assertThat(Files.readString(report)).contains(",FILE,FILE_NO_ROWS,");
    }

    @Test
    void maxFileSizeCanBeRaisedOrLowered() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 1; i <= 9000; i++) {
            sb.append(String.format("92710112059%05d;Agustinus Kambu;12/05/1990;L;%s%n", i, "x".repeat(100)));
        }
        Path big = file("big.csv", sb.toString()); // a little over 1 MiB
        assertThat(run(big.toString(), "--max-file-mib", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE_TOO_LARGE");
        assertThat(run(big.toString(), "--max-file-mib", "2")).isZero();
        assertThat(out.toString()).contains("big.csv: 9000 rows, 9000 accepted, 0 refused");
        assertThat(run(big.toString(), "--max-file-mib", "0")).isEqualTo(2);
    }

    @Test
    void anXlsxWithANumberNikIsValidatedLikeACsv() throws Exception {
        Path book = id.jamsos.gateway.validation.XlsxFiles.write(dir, "pekerja.xlsx",
                new Object[] {"NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"},
                new Object[] {"9271011205900001", "Agustinus Kambu", java.time.LocalDate.of(1990, 5, 12), "L"},
                new Object[] {9671024503850123.0, "Yosina Mambrasar", "05/03/1985", "P"});
        int code = run(book.toString(), "--json");
        assertThat(code).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("rows").asInt()).isEqualTo(2);
        assertThat(json.get("rejects").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(json.get("rejects").get(0).get("reasons").get(0).get("code").asText()).isEqualTo("NIK_SPREADSHEET");
    }

    @Test
    void statsGoToStderr() throws Exception {
        assertThat(run(file("ok.csv", HEADER + GOOD).toString(), "--stats")).isZero();
        assertThat(out.toString()).contains("ok.csv: 1 rows, 1 accepted, 0 refused");
        assertThat(err.toString()).containsPattern("stats: rows=1 elapsed=\\d+\\.\\d\\ds rowsPerSecond=\\d+ peakHeapMiB=\\d+\\.\\d");
    }

    @Test
    void aPersonReadsWhyTheFirstRowsWereRefusedHowManyEachReasonRefusedAndWhereTheFullListIs() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 12; i++) {
            sb.append(BAD); // NIK_SEX_MISMATCH and NAME_DIGITS on each
        }
        sb.append("9271011205900001;Agustinus Kambu;12/06/1990;L\n").append(GOOD2);
        assertThat(run(file("mixed.csv", sb.toString()).toString())).isEqualTo(1);
        String printed = out.toString();
        assertThat(printed).contains("mixed.csv: 14 baris, 1 diterima, 13 ditolak")
                .contains("mixed.csv: 14 rows, 1 accepted, 13 refused")
                .contains("Alasan penolakan (jumlah baris) / Reasons refused (rows):")
                .containsPattern("NIK_SEX_MISMATCH +12 ")
                .containsPattern("NAME_DIGITS +12 ")
                .containsPattern("NIK_BIRTHDATE_MISMATCH +1 +Tanggal lahir di NIK 12-05-1990 \\(laki-laki\\)"
                        + " tidak sama dengan TGL_LAHIR 12-06-1990: beda bulan / The NIK's birth date")
                .contains("Baris ditolak pertama (10 dari 13) / First refused rows (10 of 13):")
                .contains("baris/row 2, kolom/column NIK: NIK menunjukkan laki-laki")
                .contains("baris/row 11, kolom/column NAMA:")
                .doesNotContain("baris/row 12,")
                .contains("tambahkan --report ditolak.csv / The full list with NIKs: add --report refused.csv");
        // The most frequent reason is listed first.
        assertThat(printed.indexOf("NIK_BIRTHDATE_MISMATCH")).isGreaterThan(printed.indexOf("NIK_SEX_MISMATCH"));
    }

    @Test
    void jsonCarriesTheIndonesianAndEnglishTextsApart() throws Exception {
        assertThat(run(file("some.csv", HEADER + GOOD + BAD).toString(), "--json")).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("summary").get("id").asText()).isEqualTo("some.csv: 2 baris, 1 diterima, 1 ditolak");
        assertThat(json.get("summary").get("en").asText()).isEqualTo("some.csv: 2 rows, 1 accepted, 1 refused");
        JsonNode reason = json.get("rejects").get(0).get("reasons").get(0);
        assertThat(reason.get("text").get("id").asText()).startsWith("NIK menunjukkan laki-laki");
        assertThat(reason.get("text").get("en").asText()).startsWith("The NIK says male");
        assertThat(json.get("reasonCounts")).extracting(n -> n.get("code").asText() + "=" + n.get("rows").asInt())
                .containsExactly("NIK_SEX_MISMATCH=1", "NAME_DIGITS=1");
        out.getBuffer().setLength(0);
        assertThat(run(file("empty.csv", HEADER).toString(), "--json")).isEqualTo(2);
        JsonNode refused = new ObjectMapper().readTree(out.toString());
        assertThat(refused.get("fileErrorText").get("en").asText()).contains("no data rows");
        assertThat(refused.get("fileErrorText").get("id").asText()).isNotBlank()
                .isNotEqualTo(refused.get("fileErrorText").get("en").asText());
    }

    @Test
    void helpIsInIndonesianAndEnglish() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Cara pakai / Usage: validate")
                .contains("Periksa berkas instansi").contains("Check an agency file")
                .contains("Pilihan / Options:")
                .contains("tulis baris yang ditolak").contains("write the refused rows")
                .contains("Kode keluar / Exit codes");
    }
}
