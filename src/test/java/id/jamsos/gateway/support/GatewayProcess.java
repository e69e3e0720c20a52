package id.jamsos.gateway.support;

import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The gateway as operators run it, for the crash tests (GatewayCrashTest, NotificationCrashTest): a JVM of its
 * own ({@code run --config DIR}) on what the production jar holds, killed with SIGKILL. The SFTP server, the
 * broker and the simulators of a {@link DemoEnvironment} stay up in the test's JVM, so a second process started
 * on the same configuration finds everything the first one left.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;

    private GatewayProcess(Process process) {
        this.process = process;
    }

    /**
     * A configuration folder {@code dir/config}: application.properties from {@code props} (which must name
     * {@code jamsos.agencies.file=agencies.yaml}) and agencies.yaml with the environment's key agency on its
     * SFTP server.
     */
    public static Path writeConfig(Path dir, DemoEnvironment env, GatewayProperties props, String writtenBy)
            throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        try (Writer w = Files.newBufferedWriter(config.resolve("application.properties"), StandardCharsets.UTF_8)) {
            props.asProperties().store(w, "written by " + writtenBy);
        }
        Files.writeString(config.resolve("agencies.yaml"), """
                agencies:
                  - id: %s
                    name: Kantor Distrik Sorong Timur
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    private_key_file: %s
                    known_hosts_file: %s
                    region_code: "9671"
                """.formatted(DemoEnvironment.KEY_AGENCY, env.sftp().port(), DemoEnvironment.KEY_AGENCY,
                env.dir().resolve(DemoEnvironment.KEY_AGENCY + ".key").toAbsolutePath(),
                env.dir().resolve("known_hosts").toAbsolutePath()));
        return config;
    }

    /** {@code run --config config} in a new JVM, its output in target/{@code logName}.log. */
    public static GatewayProcess start(Path config, String logName) throws IOException {
        // What the production jar holds, not the test class path: the gateway runs as on a server.
        Path log = Path.of("target", logName + ".log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", ProductionClasspath.get(), "id.jamsos.gateway.cli.JamsosCommand", "run", "--config",
                config.toString());
        return new GatewayProcess(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Puts {@code sample} on the key agency's SFTP inbox as {@code fileName}, the way an agency uploads. */
    public static void upload(DemoEnvironment env, Path sample, String fileName) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.createProducerTemplate().sendBodyAndHeader(env.uploadUri(DemoEnvironment.KEY_AGENCY), sample.toFile(),
                    Exchange.FILE_NAME, fileName);
        }
    }
}
