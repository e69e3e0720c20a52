package id.jamsos.gateway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@link ConfigOption} for a command with subcommands that take --config before or after their own name
 * ({@code audit --config X verify} and {@code audit verify --config X}): the option is inherited by them, and
 * they read it from the parent ({@code parent.config}).
 */
public final class InheritedConfigOption extends ConfigFolder {

    @Option(names = "--config", defaultValue = "config", scope = ScopeType.INHERIT,
            description = "Configuration folder (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Path folder() {
        return config;
    }
}
