package id.jamsos.gateway.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, for the commands whose JSON output is one object (a picocli mixin:
 * {@code @Mixin JsonOption json;} then {@code json.requested()}). Commands whose --json says something of its
 * own (a payment, a statement printed as well as sent, an audit export) keep their own option.
 */
public final class JsonOption {

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    /** Whether --json was given. */
    public boolean requested() {
        return json;
    }
}
