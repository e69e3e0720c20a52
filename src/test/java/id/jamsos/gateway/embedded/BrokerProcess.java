package id.jamsos.gateway.embedded;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An ActiveMQ broker in a JVM of its own, started from an activemq.xml as an operator would run one:
 * the test JVM reaches it over TCP only, and killing it is killing a process. The configuration is
 * copied into {@code home/conf} with its OpenWire connector moved from {@code 0.0.0.0:61616} to a free
 * loopback port; {@code credentials} become {@code conf/credentials.properties}; data goes to
 * {@code home/data}; output to {@code home/broker.log}. With a {@link Tls}, an {@code ssl://} connector on
 * another free loopback port is added beside it, its key given in the broker's {@code <sslContext>}, as
 * an operator enables TLS in the distribution's activemq.xml.
 */
public final class BrokerProcess implements AutoCloseable {

    /** The connector address of the shipped and the stock configuration, replaced by a loopback one. */
    static final String STOCK_CONNECTOR = "tcp://0.0.0.0:61616";

    /**
     * The broker's key and certificate for an {@code ssl://} connector.
     *
     * @param keyStore a PKCS12 file
     * @param password of the store and of its key; written into the copied activemq.xml, so plain text
     */
    public record Tls(Path keyStore, String password) {
    }

    private final Process process;
    private final int port;
    private final int sslPort;
    private final Path log;

    private BrokerProcess(Process process, int port, int sslPort, Path log) {
        this.process = process;
        this.port = port;
        this.sslPort = sslPort;
        this.log = log;
    }

    public static BrokerProcess start(Path activemqXml, Path home, Map<String, String> credentials)
            throws IOException, InterruptedException {
        return start(activemqXml, home, credentials, classPath(), null);
    }

    /**
     * As above, on another ActiveMQ release: the jars of {@code brokerLib} (an {@code activemq-all} of
     * that release and its logging) and {@link StandaloneBrokerMain} alone, which uses only API every
     * release has, instead of the test class path and its broker.
     */
    public static BrokerProcess start(Path activemqXml, Path home, Map<String, String> credentials, Path brokerLib)
            throws IOException, InterruptedException {
        return start(activemqXml, home, credentials, brokerLib, null);
    }

    /** As above, with an {@code ssl://} connector as well when {@code tls} is not null ({@link #sslUrl}). */
    public static BrokerProcess start(Path activemqXml, Path home, Map<String, String> credentials, Path brokerLib,
                                      Tls tls) throws IOException, InterruptedException {
        List<String> jars;
        try (var files = Files.list(brokerLib)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(brokerLib + " is missing: mvn process-test-resources copies it", e);
        }
        String resource = StandaloneBrokerMain.class.getName().replace('.', '/') + ".class";
        Path launcher = home.resolve("launcher");
        Path main = Files.createDirectories(launcher.resolve(resource).getParent()).resolve(
                StandaloneBrokerMain.class.getSimpleName() + ".class");
        try (var in = StandaloneBrokerMain.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, main, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> entries = new ArrayList<>(jars);
        entries.add(launcher.toString());
        return start(activemqXml, home, credentials, String.join(File.pathSeparator, entries), tls);
    }

    private static BrokerProcess start(Path activemqXml, Path home, Map<String, String> credentials,
                                       String classPath, Tls tls) throws IOException, InterruptedException {
        // A free port is only free until someone binds it: a test in another surefire fork can take it
        // between our check and the broker's bind. A bind failure is tried again on other ports.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(activemqXml, home, credentials, classPath, tls);
            } catch (PortTaken taken) {
                if (attempt == 3) {
                    throw new IllegalStateException(taken.getMessage());
                }
                System.out.println("[broker] port taken before the broker bound it, trying other ports: "
                        + taken.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** The broker process ended because its port was bound by someone else meanwhile. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static BrokerProcess startOnce(Path activemqXml, Path home, Map<String, String> credentials,
                                           String classPath, Tls tls) throws IOException, InterruptedException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = Files.createDirectories(home.resolve("data"));
        int port = freeLoopbackPort();
        String xml = Files.readString(activemqXml, StandardCharsets.UTF_8);
        int at = xml.indexOf(STOCK_CONNECTOR);
        if (at < 0 || xml.indexOf(STOCK_CONNECTOR, at + 1) >= 0) {
            throw new IllegalArgumentException(activemqXml + " must have exactly one " + STOCK_CONNECTOR + " connector");
        }
        Path config = conf.resolve("activemq.xml");
        xml = xml.replace(STOCK_CONNECTOR, "tcp://127.0.0.1:" + port);
        int sslPort = -1;
        if (tls != null) {
            sslPort = freeLoopbackPort();
            xml = withSslConnector(xml, sslPort, tls, activemqXml);
        }
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        Properties secrets = new Properties();
        secrets.putAll(credentials);
        try (Writer w = Files.newBufferedWriter(conf.resolve("credentials.properties"))) {
            secrets.store(w, "written by BrokerProcess");
        }
        Path log = home.resolve("broker.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dactivemq.home=" + home, "-Dactivemq.base=" + home,
                "-Dactivemq.conf=" + conf, "-Dactivemq.data=" + data,
                "-cp", classPath, StandaloneBrokerMain.class.getName(), config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String why = "the broker process ended with " + p.exitValue() + ":\n" + tail(log);
                String whole = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                if (whole.contains("Address already in use") || whole.contains("BindException")) {
                    throw new PortTaken(why);
                }
                throw new IllegalStateException(why);
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(StandaloneBrokerMain.STARTED)) {
                BrokerProcess started = new BrokerProcess(p, port, sslPort, log);
                System.out.println("[broker] " + activemqXml.getFileName() + " running in process " + p.pid()
                        + " on " + started.url() + (tls == null ? "" : " and " + started.sslUrl()) + ", data in " + data);
                return started;
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the broker process did not start within 90 s:\n" + tail(log));
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The {@code ssl://} connector's address, for a broker started with a {@link Tls}. */
    public String sslUrl() {
        if (sslPort < 0) {
            throw new IllegalStateException("this broker was started without an ssl:// connector");
        }
        return "ssl://127.0.0.1:" + sslPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Asks the broker to stop (SIGTERM: its shutdown hook stops it cleanly), then kills it after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The distribution's activemq.xml ships its TLS as a commented example of these two elements; the
     * {@code keyStoreType} is named because ActiveMQ's {@code sslContext} assumes JKS.
     */
    private static String withSslConnector(String xml, int sslPort, Tls tls, Path activemqXml) {
        String connectors = "<transportConnectors>";
        int at = xml.indexOf(connectors);
        if (at < 0 || xml.indexOf(connectors, at + 1) >= 0) {
            throw new IllegalArgumentException(activemqXml + " must have exactly one " + connectors);
        }
        String sslContext = "<sslContext><sslContext keyStore=\"" + tls.keyStore().toUri()
                + "\" keyStorePassword=\"" + tls.password() + "\" keyStoreType=\"pkcs12\"/></sslContext>\n        ";
        String connector = "\n            <transportConnector name=\"ssl\" uri=\"ssl://127.0.0.1:" + sslPort + "\"/>";
        return xml.substring(0, at) + sslContext + connectors + connector + xml.substring(at + connectors.length());
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The test class path, without the empty entries some launchers leave. */
    private static String classPath() {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).toList());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
