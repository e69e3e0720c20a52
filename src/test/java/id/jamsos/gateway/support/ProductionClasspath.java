package id.jamsos.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the production jar holds, as a class path: target/classes and the runtime dependencies, so
 * neither the tools (demo, simulator, embedded services), nor the provided broker and SSH server, nor
 * the tests. A test that starts `run` or an operator command in a JVM of its own uses it, so that the
 * command is shown to work without them, as on a server. The build writes the dependencies' part
 * (dependency:build-classpath, execution production-classpath-for-tests).
 */
public final class ProductionClasspath {

    private static final Path DEPENDENCIES = Path.of("target", "production-classpath.txt");

    private ProductionClasspath() {
    }

    public static String get() {
        try {
            String dependencies = Files.readString(DEPENDENCIES, StandardCharsets.UTF_8).strip();
            return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(DEPENDENCIES + " is written by the build (mvn test-compile or later)", e);
        }
    }
}
