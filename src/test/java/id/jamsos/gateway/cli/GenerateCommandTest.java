package id.jamsos.gateway.cli;

import id.jamsos.gateway.validation.FileValidationSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void generatesAFileThatValidatesAsAnnounced() {
        Path f = dir.resolve("gen.csv");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new GenerateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--rows", "120", "--out", f.toString(), "--seed", "5", "--bad-every", "10");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("rows=120 expectedAccepted=108 expectedRejected=12");
        FileValidationSummary s = FileValidationSummary.summarize(f, "gen.csv");
        assertThat(s.accepted()).isEqualTo(108);
        assertThat(s.rejected()).isEqualTo(12);
    }

    @Test
    void generatesAnXlsxThatValidatesTheSameWay() {
        Path f = dir.resolve("gen.xlsx");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new GenerateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--rows", "120", "--out", f.toString(), "--seed", "5", "--bad-every", "10");
        assertThat(code).isZero();
        FileValidationSummary s = FileValidationSummary.summarize(f, "gen.xlsx");
        assertThat(s.fileError()).isNull();
        assertThat(s.accepted()).isEqualTo(108);
        assertThat(s.rejected()).isEqualTo(12);
        // The same workers as an .ods, LibreOffice's own format, validate the same way.
        Path ods = dir.resolve("gen.ods");
        assertThat(cmd.execute("--rows", "120", "--out", ods.toString(), "--seed", "5", "--bad-every", "10",
                "--format", "ods")).isZero();
        FileValidationSummary o = FileValidationSummary.summarize(ods, "gen.ods");
        assertThat(o.fileError()).isNull();
        assertThat(o.accepted()).isEqualTo(108);
        assertThat(o.rejected()).isEqualTo(12);
        assertThat(cmd.execute("--rows", "1", "--out", dir.resolve("x.csv").toString(), "--format", "pdf")).isEqualTo(2);
    }

    @Test
    void rowsAndOutAreRequired() {
        CommandLine cmd = new CommandLine(new GenerateCommand());
        cmd.setErr(new PrintWriter(new StringWriter()));
        assertThat(cmd.execute("--rows", "5")).isEqualTo(2);
    }
}
