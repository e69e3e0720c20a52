package id.jamsos.gateway.cli;

import id.jamsos.gateway.app.ConfigCheck;
import id.jamsos.gateway.app.DependencyCheck;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What every command that opens the ledger does first, before it touches a database or a broker:
 * the configuration check (every problem listed, exit 2), then whether the database and the broker
 * answer (one line for each that does not, exit 3, or 2 when it answered with a refusal).
 */
final class Preflight {

    private Preflight() {
    }

    /** @return null when the command may go on, otherwise its exit code (the reasons are on {@code err}) */
    static Integer check(String command, Path config, GatewayProperties props, Set<ProductionSettings.Part> parts,
                         PrintWriter err) {
        Integer code = configuration(command, config, props, parts, err);
        return code != null ? code : dependencies(command, props, parts, err);
    }

    /** The configuration check alone: null, or exit 2 with every problem on {@code err}. */
    static Integer configuration(String command, Path config, GatewayProperties props,
                                 Set<ProductionSettings.Part> parts, PrintWriter err) {
        List<String> problems = ConfigCheck.problems(props, parts);
        if (!problems.isEmpty()) {
            err.println("Configuration " + config + " has problems; " + command + " did not start:");
            problems.forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        return null;
    }

    /** Whether the database and the broker answer: null, or exit 3 (2 when one refused the login), one line each. */
    static Integer dependencies(String command, GatewayProperties props, Set<ProductionSettings.Part> parts,
                                PrintWriter err) {
        List<DependencyCheck.Failure> failures = DependencyCheck.check(props, parts);
        if (failures.isEmpty()) {
            return null;
        }
        boolean refused = failures.stream().anyMatch(f -> f.kind() == DependencyCheck.Kind.REFUSED);
        int code = refused ? ExitCodes.CONFIGURATION : ExitCodes.DEPENDENCY_UNAVAILABLE;
        for (DependencyCheck.Failure f : failures) {
            err.println(command + " did not start: " + f.line() + (f.kind() == DependencyCheck.Kind.UNAVAILABLE
                    ? " (exit 3: start again once it answers)" : " (exit 2)"));
        }
        err.flush();
        return code;
    }
}
