package id.jamsos.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.activemq.broker.BrokerFactory;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.DeadLetterStrategy;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.AuthorizationPlugin;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.support.BrokerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/activemq/activemq.xml, loaded as the ActiveMQ distribution loads it, says the same things
 * the gateway relies on as the embedded broker of the demo and the tests: the gateway is tested on
 * the one and run on the other.
 */
class ShippedBrokerConfigTest {

    static final Path SHIPPED = Path.of("deploy", "activemq", "activemq.xml");
    /** The gateway's queues (defaults of jamsos.queue.* and jamsos.finance.*). */
    static final List<String> QUEUES = List.of("jamsos.enrollment", "jamsos.enrollment.parked", "jamsos.changes",
            "jamsos.finance", "jamsos.finance.review");

    @TempDir
    Path tmp;

    @Test
    void theShippedXmlAndTheEmbeddedBrokerAgreeOnWhatTheGatewayReliesOn() throws Exception {
        BrokerService shipped = loadShipped(Map.of("jamsos.gateway.password", "gw-secret",
                "jamsos.finance.password", "fin-secret"));
        try (EmbeddedBroker embedded = EmbeddedBroker.start(tmp.resolve("embedded"), true)) {
            Map<String, Object> fromXml = reliedOn(shipped);
            Map<String, Object> fromCode = reliedOn(embedded.brokerService());
            fromXml.forEach((k, v) -> System.out.println("[broker config] " + k + ": xml=" + v + " embedded="
                    + fromCode.get(k)));
            assertThat(fromXml).isEqualTo(fromCode);
            // And they are what the gateway needs, not merely equal.
            assertThat(fromXml).containsEntry("persistent", true).containsEntry("store", "KahaDBPersistenceAdapter")
                    .containsEntry("schedulerSupport", false)
                    .containsEntry("dead letters of jamsos.finance", "queue://DLQ.jamsos.finance"
                            + " (IndividualDeadLetterStrategy, non-persistent kept=true, expired kept=true)");
        }
    }

    @Test
    void theShippedXmlLetsOnlyTheGatewayAndFinanceInWithThePasswordsOfCredentialsProperties() throws Exception {
        BrokerService shipped = loadShipped(Map.of("jamsos.gateway.password", "gw-secret",
                "jamsos.finance.password", "fin-secret"));
        BrokerPlugin[] plugins = shipped.getPlugins();
        SimpleAuthenticationPlugin authentication = Arrays.stream(plugins)
                .filter(SimpleAuthenticationPlugin.class::isInstance).map(SimpleAuthenticationPlugin.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no simpleAuthenticationPlugin"));
        assertThat(authentication.isAnonymousAccessAllowed()).isFalse();
        Map<String, String> passwords = authentication.getUserPasswords();
        System.out.println("[broker config] users: " + passwords.keySet() + ", groups: " + authentication.getUserGroups());
        assertThat(passwords).containsOnly(Map.entry("jamsos-gateway", "gw-secret"),
                Map.entry("jamsos-finance", "fin-secret"));
        assertThat(Arrays.stream(plugins).anyMatch(AuthorizationPlugin.class::isInstance)).as("authorizationPlugin").isTrue();
    }

    @Test
    void withoutItsPasswordsTheShippedBrokerDoesNotLoad() {
        try {
            loadShipped(Map.of("jamsos.gateway.password", "gw-secret"));
            throw new AssertionError("loaded without jamsos.finance.password");
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.out.println("[broker config] without jamsos.finance.password: " + root.getMessage());
            assertThat(root.getMessage()).contains("jamsos.finance.password");
        }
    }

    /**
     * The TLS lines shipped commented out, uncommented as deploy/activemq/README.md says, with the
     * broker's key in conf/broker.p12 and the gateway's certificate in conf/clients.p12: the gateway
     * logs in over ssl:// with jamsos.broker.tls.* and its client certificate, and a message goes
     * through.
     */
    @Test
    void theShippedTlsConnectorOnceUncommentedTakesTheGatewayWithItsClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.in(tmp.resolve("certs"));
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.copy(certs.server, conf.resolve("broker.p12"));
        Files.copy(certs.clientTrust, conf.resolve("clients.p12"));
        String xml = Files.readString(SHIPPED);
        String tls = java.util.regex.Pattern.compile(
                        "<!-- (?:TLS \\(README|The ssl:// connector's key)[^<]*(<.*?)-->", java.util.regex.Pattern.DOTALL)
                .matcher(xml).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
        assertThat(tls).as("two TLS blocks uncommented").contains("<sslContext>", "uri=\"ssl://0.0.0.0:61617");
        // Any free port on loopback, for the test only.
        tls = tls.replace("0.0.0.0:61616", "127.0.0.1:0").replace("0.0.0.0:61617", "127.0.0.1:0");
        Path file = tmp.resolve("activemq-tls.xml");
        Files.writeString(file, tls);
        BrokerService broker = load(file, Map.of("jamsos.gateway.password", "gw-secret",
                "jamsos.finance.password", "fin-secret",
                "jamsos.broker.keyStorePassword", TestCertificates.PASSWORD,
                "jamsos.broker.trustStorePassword", TestCertificates.PASSWORD));
        broker.start();
        try {
            broker.waitUntilStarted();
            URI ssl = broker.getTransportConnectors().stream().map(c -> {
                try {
                    return c.getConnectUri();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(u -> u.getScheme().equals("ssl")).findFirst().orElseThrow();
            String url = "ssl://127.0.0.1:" + ssl.getPort();
            BrokerTls gateway = new BrokerTls(certs.trust, TestCertificates.PASSWORD, "PKCS12", certs.client,
                    TestCertificates.PASSWORD, "PKCS12");
            try (jakarta.jms.Connection c = gateway.connectionFactory(url, "jamsos-gateway", "gw-secret")
                    .createConnection()) {
                c.start();
                jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.Queue q = s.createQueue("jamsos.enrollment");
                s.createProducer(q).send(s.createTextMessage("over tls"));
                jakarta.jms.Message m = s.createConsumer(q).receive(10_000);
                System.out.println("[broker config] shipped ssl connector " + url + ": " + m);
                assertThat(m).isInstanceOf(jakarta.jms.TextMessage.class);
                assertThat(((jakarta.jms.TextMessage) m).getText()).isEqualTo("over tls");
            }
            // Without a client certificate the connector's needClientAuth turns the gateway away.
            BrokerTls noCertificate = new BrokerTls(certs.trust, TestCertificates.PASSWORD, "PKCS12", null, "", "PKCS12");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (jakarta.jms.Connection c = noCertificate.connectionFactory(url, "jamsos-gateway", "gw-secret")
                        .createConnection()) {
                    c.start();
                }
            }).isInstanceOf(jakarta.jms.JMSException.class);
        } finally {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    /** Loads the shipped XML without starting the broker, with activemq.conf and activemq.data in tmp. */
    private BrokerService loadShipped(Map<String, String> credentials) throws Exception {
        return load(SHIPPED, credentials);
    }

    private BrokerService load(Path xml, Map<String, String> credentials) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Properties secrets = new Properties();
        secrets.putAll(credentials);
        try (Writer w = Files.newBufferedWriter(conf.resolve("credentials.properties"))) {
            secrets.store(w, null);
        }
        String oldConf = System.getProperty("activemq.conf");
        String oldData = System.getProperty("activemq.data");
        System.setProperty("activemq.conf", conf.toString());
        System.setProperty("activemq.data", tmp.resolve("data").toString());
        // The xbean <broker> starts itself once loaded unless told otherwise; here it must only be read.
        BrokerFactory.setStartDefault(false);
        try {
            BrokerService broker = BrokerFactory.createBroker(new URI("xbean:" + xml.toAbsolutePath().toUri()), false);
            assertThat(broker.isStarted()).isFalse();
            return broker;
        } finally {
            BrokerFactory.resetStartDefault();
            restore("activemq.conf", oldConf);
            restore("activemq.data", oldData);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** The settings the gateway depends on, described the same way for both brokers. */
    private static Map<String, Object> reliedOn(BrokerService broker) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("persistent", broker.isPersistent());
        m.put("store", broker.getPersistenceAdapter().getClass().getSimpleName());
        m.put("schedulerSupport", broker.isSchedulerSupport());
        for (String queue : QUEUES) {
            PolicyEntry policy = broker.getDestinationPolicy() == null ? null
                    : broker.getDestinationPolicy().getEntryFor(new ActiveMQQueue(queue));
            DeadLetterStrategy dls = policy == null ? null : policy.getDeadLetterStrategy();
            m.put("dead letters of " + queue, describe(dls, queue));
        }
        return m;
    }

    private static String describe(DeadLetterStrategy dls, String queue) {
        if (dls == null) {
            return "broker default (ActiveMQ.DLQ)";
        }
        ActiveMQMessage message = new ActiveMQMessage();
        message.setDestination(new ActiveMQQueue(queue));
        String kind = dls.getClass().getSimpleName();
        if (dls instanceof IndividualDeadLetterStrategy individual) {
            kind += ", non-persistent kept=" + individual.isProcessNonPersistent();
        }
        return dls.getDeadLetterQueueFor(message, null) + " (" + kind + ", expired kept=" + dls.isProcessExpired() + ")";
    }
}
