package id.jamsos.gateway.cli;

import id.jamsos.gateway.support.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production jar lists only the commands it holds; the demo, simulator, generate and bench typed
 * at it say which jar has them. The tools jar has every command.
 */
class ToolsJarHintTest {

    @Test
    void theProductionJarListsOnlyItsOwnCommands() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run ", "validate ", "statement ", "finance-tail ", "replay ", "status ")
                .doesNotContain("demo", "simulator ", "generate ", "bench ");
    }

    @Test
    void aToolsCommandTypedAtTheProductionJarNamesTheToolsJarWithTheSameArguments() {
        CliRun demo = CliRun.of("demo", "--rows", "5", "--keep-running");
        assertThat(demo.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(demo.err()).contains("'demo' is not in the production jar")
                .contains("java -jar target/jamsos-gateway-tools.jar demo --rows 5 --keep-running");
        assertThat(demo.out()).isEmpty();

        CliRun fire = CliRun.of("simulator", "fire-claim", "--type", "JKK");
        assertThat(fire.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(fire.err()).contains("jamsos-gateway-tools.jar simulator fire-claim --type JKK");
    }

    @Test
    void theToolsJarHasEveryCommand() {
        StringWriter out = new StringWriter();
        int code = ToolsCommand.commands().setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("run ", "validate ", "statement ", "finance-tail ", "replay ", "status ",
                "demo ", "simulator ", "generate ", "bench ", "help ");
    }
}
