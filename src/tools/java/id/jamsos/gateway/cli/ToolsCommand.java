package id.jamsos.gateway.cli;

import id.jamsos.gateway.bench.BenchCommand;
import picocli.CommandLine;

/**
 * {@code java -jar jamsos-gateway-tools.jar <command>}: the production commands, and those that need
 * what the production jar leaves out: the demo (embedded SFTP server, broker and simulator), the
 * simulator alone, sample files and the benchmarks.
 */
public final class ToolsCommand {

    private ToolsCommand() {
    }

    public static CommandLine commands() {
        CommandLine cli = JamsosCommand.commands();
        cli.setCommandName("jamsos-gateway-tools");
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new SimulatorCommand());
        cli.addSubcommand(new RegistrySimulatorCommand());
        cli.addSubcommand(new GenerateCommand());
        cli.addSubcommand(new BenchCommand());
        // help stays the last command listed, as in the production jar.
        cli.getCommandSpec().removeSubcommand("help");
        cli.addSubcommand(new CommandLine.HelpCommand());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commands().execute(args));
    }
}
