package id.jamsos.gateway.cli;

import id.jamsos.gateway.portal.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code portal-password}: the hash of a clerk's portal password, for {@code portal_users} in
 * agencies.yaml (docs/portal.md). Asks twice without echo on a terminal; reads one line from standard
 * input otherwise (a script). The password is printed nowhere and stored nowhere.
 */
@Command(name = "portal-password", mixinStandardHelpOptions = true,
        description = "Prints the password_hash of a clerk's portal password for agencies.yaml (portal_users).")
public final class PortalPasswordCommand implements Callable<Integer> {

    /** Shorter passwords are refused: the hash is in a file operators copy around. */
    static final int MIN_LENGTH = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Kata sandi / password: ");
            char[] again = console.readPassword("Ulangi / again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                spec.commandLine().getErr().println("the two passwords differ");
                return ExitCodes.CONFIGURATION;
            }
            Arrays.fill(again, ' ');
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password.length < MIN_LENGTH) {
            spec.commandLine().getErr().println("a portal password has at least " + MIN_LENGTH + " characters");
            return ExitCodes.CONFIGURATION;
        }
        spec.commandLine().getOut().println(PasswordHash.of(password));
        Arrays.fill(password, ' ');
        return ExitCodes.OK;
    }
}
