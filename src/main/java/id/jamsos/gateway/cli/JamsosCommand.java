package id.jamsos.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar jamsos-gateway.jar <command>}: the gateway's one entry point. */
@Command(name = "jamsos-gateway",
        mixinStandardHelpOptions = true,
        version = "jamsos-gateway 0.1.0",
        description = "Enrolls a city's informal workers in BPJS Ketenagakerjaan from agency files on SFTP.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            SimulatorCommand.class,
            ValidateCommand.class,
            GenerateCommand.class,
            StatementCommand.class,
            FinanceTailCommand.class,
            ReplayCommand.class,
            StatusCommand.class,
            id.jamsos.gateway.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class JamsosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new JamsosCommand()).execute(args);
        System.exit(code);
    }
}
