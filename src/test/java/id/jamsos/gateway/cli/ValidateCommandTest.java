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
        assertThat(out.toString().strip()).isEqualTo("rows=2 accepted=2 rejected=0");
    }

    @Test
    void someRefusedExitsOneAndWritesTheReportWithTheRawNik() throws Exception {
        Path report = dir.resolve("rejects.csv");
        int code = run(file("some.csv", HEADER + GOOD + BAD).toString(), "--report", report.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString().strip()).isEqualTo("rows=2 accepted=1 rejected=1");
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFbaris/row,nik,nama/name,kolom/field,kode/code,alasan,reason,aksi/action\r\n");
        assertThat(text).contains("3,9271031708750002,Marthen 2,NIK,NIK_SEX_MISMATCH,")
                .contains("3,9271031708750002,Marthen 2,NAMA,NAME_DIGITS,");
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
        assertThat(out.toString()).contains("rows=9000 accepted=9000 rejected=0");
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
        assertThat(out.toString().strip()).isEqualTo("rows=1 accepted=1 rejected=0");
        assertThat(err.toString()).containsPattern("stats: rows=1 elapsed=\\d+\\.\\d\\ds rowsPerSecond=\\d+ peakHeapMiB=\\d+\\.\\d");
    }
}
