package id.jamsos.gateway.cli;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a command does with its configuration folder ({@link ConfigOption}, {@link InheritedConfigOption}):
 * the option itself is declared in the subclass, since picocli reads a class's fields together with its
 * superclasses' and one class cannot declare --config twice.
 */
abstract class ConfigFolder {

    /** The folder given with {@code --config}. */
    public abstract Path folder();

    /** A file in the configuration folder (a relative path is taken inside it, as {@link Path#resolve}). */
    public Path resolve(String other) {
        return folder().resolve(other);
    }

    /** As {@link #resolve(String)}. */
    public Path resolve(Path other) {
        return folder().resolve(other);
    }

    /** application.properties in the folder, environment variables over it. */
    public GatewayProperties properties() throws IOException {
        return GatewayProperties.load(resolve("application.properties"), System::getenv);
    }

    /** {@link Preflight#check}: null when the command may go on, otherwise its exit code (reasons on err). */
    public Integer preflight(String command, GatewayProperties props, Set<ProductionSettings.Part> parts,
                             PrintWriter err) {
        return Preflight.check(command, folder(), props, parts, err);
    }

    /** {@link Preflight#configuration}: the configuration check alone, for commands that read more before they connect. */
    public Integer configurationCheck(String command, GatewayProperties props, Set<ProductionSettings.Part> parts,
                                      PrintWriter err) {
        return Preflight.configuration(command, folder(), props, parts, err);
    }

    @Override
    public String toString() {
        return String.valueOf(folder());
    }
}
