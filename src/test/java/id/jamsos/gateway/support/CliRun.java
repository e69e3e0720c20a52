package id.jamsos.gateway.support;

import id.jamsos.gateway.cli.JamsosCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command of the jar run in this JVM as an operator types it, with what it printed and its exit code. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = JamsosCommand.production();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
