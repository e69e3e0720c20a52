package id.jamsos.gateway.cli;

import id.jamsos.gateway.finance.FinanceQueueReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar that `run` ships in holds what the gateway and the operator commands need, and none of the
 * ActiveMQ broker, its KahaDB store, the SSH/SFTP server, nor anything compiled from src/tools/java
 * (demo, BPJS simulator, embedded services, bench and their commands): those are the tools jar's.
 *
 * <p>It reads the jars the build wrote, so it runs in the package phase after the shade plugin (the
 * surefire execution {@code production-jar-check}, which `mvn verify` reaches); `mvn test` alone leaves
 * it out. Run on its own it needs a build first: {@code mvn -o -q -B package -DskipTests}.
 */
class ProductionJarTest {

    private static final Path TARGET = Path.of("target");
    private static final Path PRODUCTION_JAR = TARGET.resolve("jamsos-gateway.jar");
    private static final Path TOOLS_JAR = TARGET.resolve("jamsos-gateway-tools.jar");
    private static final Path TOOLS_CLASSES = TARGET.resolve("tools-classes");

    /** Class names in a class file's constant pool, as far as this test cares: ours, ActiveMQ's and MINA SSHD's. */
    private static final Pattern NAMED_CLASS = Pattern.compile("(?:id/jamsos/gateway|org/apache/activemq|org/apache/sshd)/[A-Za-z0-9_$/]+");

    @Test
    void theProductionJarHoldsNoBrokerNoSftpServerAndNothingOfTheTools() throws IOException {
        Set<String> entries = entries(PRODUCTION_JAR);

        // Not empty by accident: the gateway, the operator commands and the broker client are in it.
        assertThat(entries).contains(classFile(JamsosCommand.class), classFile(RunCommand.class),
                classFile(FinanceTailCommand.class), classFile(FinanceQueueReader.class),
                classFile(ActiveMQConnectionFactory.class), "com/jcraft/jsch/JSch.class");

        for (Class<?> unwanted : List.of(BrokerService.class, KahaDBPersistenceAdapter.class, SshServer.class,
                GenericUtils.class, SftpSubsystemFactory.class)) {
            Set<String> itsJar = classEntries(jarOf(unwanted));
            itsJar.retainAll(entries);
            assertThat(itsJar).as("classes of %s in %s", jarOf(unwanted).getFileName(), PRODUCTION_JAR).isEmpty();
        }

        Set<String> tools = toolsClasses();
        assertThat(tools).contains("id/jamsos/gateway/cli/DemoCommand.class",
                "id/jamsos/gateway/simulator/BpjsSimulator.class", "id/jamsos/gateway/embedded/EmbeddedBroker.class",
                "id/jamsos/gateway/bench/BenchCommand.class");
        tools.retainAll(entries);
        assertThat(tools).as("classes compiled from src/tools/java in %s", PRODUCTION_JAR).isEmpty();

        assertThat(entries.stream().filter(e -> e.matches(
                "id/jamsos/gateway/(demo|simulator|embedded|bench)/.*|org/apache/sshd/.*|org/apache/activemq/store/.*")))
                .as("entries of the tools' packages in %s", PRODUCTION_JAR).isEmpty();
    }

    /**
     * The separate compile keeps production code from naming a tools class, but the broker and SSHD are
     * on its compile class path (provided scope): a production class naming one would compile and then
     * fail in `run` with NoClassDefFoundError. Every such name must be a class in the jar.
     */
    @Test
    void noProductionClassNamesAClassTheProductionJarLacks() throws IOException {
        assertThat(missingNamedClasses(PRODUCTION_JAR)).as("classes named in %s but not in it", PRODUCTION_JAR).isEmpty();
    }

    /** The tools jar is the production jar plus the tools; what they name of ActiveMQ and SSHD came along. */
    @Test
    void theToolsJarHoldsTheToolsAndWhatTheyName() throws IOException {
        Set<String> entries = entries(TOOLS_JAR);
        assertThat(entries).containsAll(toolsClasses()).contains(classFile(JamsosCommand.class),
                classFile(BrokerService.class), classFile(KahaDBPersistenceAdapter.class), classFile(SshServer.class),
                classFile(SftpSubsystemFactory.class));
        assertThat(missingNamedClasses(TOOLS_JAR)).as("classes named in %s but not in it", TOOLS_JAR).isEmpty();
        try (JarFile jar = new JarFile(TOOLS_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("id.jamsos.gateway.cli.ToolsCommand");
        }
        try (JarFile jar = new JarFile(PRODUCTION_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(JamsosCommand.class.getName());
        }
    }

    /** Names of ours, ActiveMQ's or SSHD's that a class of ours in the jar uses, and that the jar does not hold. */
    private static Set<String> missingNamedClasses(Path jarPath) throws IOException {
        Set<String> missing = new TreeSet<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Set<String> entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
            for (String name : entries) {
                if (!name.startsWith("id/jamsos/gateway/") || !name.endsWith(".class")) {
                    continue;
                }
                String constants;
                try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
                    // Class names sit in the constant pool as (modified) UTF-8; ours are ASCII, so Latin-1 keeps them intact.
                    constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                Matcher m = NAMED_CLASS.matcher(constants);
                while (m.find()) {
                    String named = m.group();
                    if (!entries.contains(named + ".class") && !entries.contains(named + "/")) {
                        missing.add(name + " names " + named);
                    }
                }
            }
        }
        return missing;
    }

    private static Set<String> toolsClasses() throws IOException {
        assertThat(TOOLS_CLASSES).as("the build's compile of src/tools/java").isDirectory();
        try (Stream<Path> files = Files.walk(TOOLS_CLASSES)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> TOOLS_CLASSES.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> entries(Path jarPath) throws IOException {
        assertThat(jarPath).as("%s is built by mvn package; build it before running this test alone", jarPath).isRegularFile();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> classEntries(Path jarPath) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar a class was loaded from here: the test class path holds the provided broker and SSHD jars. */
    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("no jar for " + type.getName(), e);
        }
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }
}
