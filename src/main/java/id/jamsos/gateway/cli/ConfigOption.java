package id.jamsos.gateway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option every command that reads the configuration shares, with what such a command
 * does first (a picocli mixin). A command declares
 * <pre>
 *     &#64;Mixin
 *     ConfigOption config;
 * </pre>
 * and begins its {@code call()} with
 * <pre>
 *     GatewayProperties props = config.properties();
 *     Integer refused = config.preflight("name", props, parts, err);
 *     if (refused != null) {
 *         return refused;
 *     }
 * </pre>
 * The check itself ({@link Preflight}: configuration problems exit 2, a database or broker that does not
 * answer exit 3) is unchanged; this class only stops each command from repeating the option and the
 * loading. {@link InheritedConfigOption} is the same option for a command whose subcommands take it before
 * or after their own name ({@code audit}); both share {@link ConfigFolder}.
 */
public final class ConfigOption extends ConfigFolder {

    @Option(names = "--config", defaultValue = "config", description = "Configuration folder (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Path folder() {
        return config;
    }
}
