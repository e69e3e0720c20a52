package id.jamsos.gateway.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConsoleProgressTest {

    @Test
    void drawsABarWithShareAndCountsAndEndsTheLine() {
        StringWriter terminal = new StringWriter();
        try (ConsoleProgress p = ConsoleProgress.on(new PrintWriter(terminal), "replay", "rows", 200)) {
            p.advance(50);
            assertThat(p.line()).isEqualTo("replay [#######-----------------------]  25% 50/200 rows");
            p.advance(500);
            assertThat(p.line()).contains("100%", "200/200");
        }
        assertThat(terminal.toString()).startsWith("\rreplay [").endsWith(System.lineSeparator());
    }

    @Test
    void countsWhenTheTotalIsUnknown() {
        ConsoleProgress p = ConsoleProgress.on(null, "validate", "rows", 0);
        p.advance(1234);
        assertThat(p.line()).isEqualTo("validate 1,234 rows");
    }

    @Test
    void withoutATerminalNothingIsDrawn() {
        // Under Maven there is no terminal; the commands' progress must then not show anywhere.
        assumeTrue(System.console() == null);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try (ConsoleProgress p = ConsoleProgress.start("generate", "rows", 10)) {
            p.advance(10);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.size()).isZero();
    }
}
