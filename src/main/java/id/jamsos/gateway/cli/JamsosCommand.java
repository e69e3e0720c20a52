package id.jamsos.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar jamsos-gateway.jar <command>}: the production jar's entry point, with the commands
 * an operator needs and nothing that embeds a broker, an SFTP server or the BPJS simulator. The
 * tools jar ({@code ToolsCommand}) starts from the same commands and adds demo, simulator, generate
 * and bench; here those names only say where they are.
 */
@Command(name = "jamsos-gateway",
        mixinStandardHelpOptions = true,
        version = "jamsos-gateway 0.1.0",
        description = "Enrolls a city's informal workers in BPJS Ketenagakerjaan from agency files on SFTP.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            StatementCommand.class,
            FinanceTailCommand.class,
            ReplayCommand.class,
            ReviewCommand.class,
            StatusCommand.class,
            PaymentCommand.class,
            ArrearsCommand.class,
            BudgetCommand.class,
            CoverageCommand.class,
            CoverageReportCommand.class,
            WorkerCommand.class,
            RegistryUsageCommand.class,
            EligibilityCommand.class,
            PortalPasswordCommand.class,
            AuditCommand.class,
            ProofCommand.class,
            NotifyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class JamsosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The production commands alone, the base the tools jar adds its commands to. */
    public static CommandLine commands() {
        return new CommandLine(new JamsosCommand());
    }

    /** What the production jar runs: its commands, and a pointer to the tools jar for the others. */
    public static CommandLine production() {
        CommandLine cli = commands();
        for (String tool : ToolsJarHint.TOOLS) {
            cli.addSubcommand(tool, new ToolsJarHint(tool));
        }
        return cli;
    }

    public static void main(String[] args) {
        System.exit(production().execute(args));
    }
}
