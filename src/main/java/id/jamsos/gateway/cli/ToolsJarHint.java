package id.jamsos.gateway.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A command of the tools jar typed at the production jar. Without it picocli would answer
 * "Unmatched argument", which reads as a typo; the person following an older README or a colleague's
 * note needs the jar that has it.
 */
@Command(hidden = true)
final class ToolsJarHint implements Callable<Integer> {

    /** The commands only the tools jar holds: they embed a broker, an SFTP server or the simulator, or make fake workers. */
    static final List<String> TOOLS = List.of("demo", "simulator", "registry-simulator", "generate", "bench");

    /** The tools jar beside the production jar, as the build writes both into target/. */
    static final String TOOLS_JAR = "jamsos-gateway-tools.jar";

    private final String name;

    @Spec
    CommandSpec spec;

    /** Whatever followed the command name; the tools jar reads it, this one does not. */
    @Unmatched
    List<String> rest;

    ToolsJarHint(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("'" + name + "' is not in the production jar, which holds only what `run`"
                + " and the operator commands need (no broker, SFTP server, BPJS simulator or benchmark client)."
                + System.lineSeparator() + "It is in the tools jar built beside it: java -jar target/" + TOOLS_JAR
                + " " + name + (rest == null || rest.isEmpty() ? "" : " " + String.join(" ", rest)));
        return ExitCodes.CONFIGURATION;
    }
}
