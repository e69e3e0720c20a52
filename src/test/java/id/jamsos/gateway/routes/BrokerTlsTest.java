package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.DependencyCheck;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.FileState;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.support.KeyStoreFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.SslContext;
import org.apache.activemq.broker.TransportConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway reaches a broker that takes only TLS with a client certificate ({@code ssl://} with
 * {@code needClientAuth}, the broker's key from {@link TestCertificates}) through
 * {@code jamsos.broker.tls.*}: a file is enrolled end to end over it. A trust store that does not
 * hold the broker's certificate is refused by the check {@code run} makes before it starts anything
 * (exit 2, naming the setting), not taken for a broker that is away.
 */
class BrokerTlsTest {

    private static final Set<ProductionSettings.Part> BROKER = EnumSet.of(ProductionSettings.Part.BROKER);

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static TestCertificates certs;
    static BrokerService broker;
    static String sslUrl;

    @BeforeAll
    static void tlsBroker() throws Exception {
        certs = TestCertificates.in(gateways.dir().resolve("certs"));
        KeyStore serverKey = open(certs.server);
        // The broker trusts the gateway's client certificate only.
        KeyStore clientTrust = open(certs.clientTrust);
        broker = new BrokerService();
        broker.setBrokerName("tls-broker");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setSslContext(new SslContext(KeyStoreFiles.keyManagers(serverKey, TestCertificates.PASSWORD),
                KeyStoreFiles.trustManagers(clientTrust), null));
        TransportConnector connector = broker.addConnector("ssl://127.0.0.1:0?transport.needClientAuth=true");
        broker.start();
        broker.waitUntilStarted();
        sslUrl = "ssl://127.0.0.1:" + connector.getConnectUri().getPort();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    private static KeyStore open(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        return store;
    }

    private static Map<String, String> tls(Path trustStore) {
        Map<String, String> m = new HashMap<>();
        m.put("jamsos.broker.url", sslUrl);
        m.put("jamsos.broker.user", "");
        m.put("jamsos.broker.password", "");
        m.put(BrokerTls.TRUST_STORE, trustStore.toString());
        m.put(BrokerTls.TRUST_STORE_PASSWORD, TestCertificates.PASSWORD);
        m.put(BrokerTls.KEY_STORE, certs.client.toString());
        m.put(BrokerTls.KEY_STORE_PASSWORD, TestCertificates.PASSWORD);
        return m;
    }

    @Test
    void theGatewayEnrollsAFileThroughABrokerThatTakesOnlyTls() throws Exception {
        GatewayFixture fx = gateways.start(tls(certs.trust));
        assertThat(DependencyCheck.check(fx.props, BROKER))
                .as("the start's check reaches the TLS broker").isEmpty();

        Path sample = gateways.dir().resolve("tls.csv");
        SampleWorkers.generate(sample, 20, 14L, 0);
        fx.upload(DemoEnvironment.KEY_AGENCY, sample, "tls.csv");
        FileInfo file = fx.awaitFinal(DemoEnvironment.KEY_AGENCY, "tls.csv", Duration.ofSeconds(60));
        Map<RowState, Integer> counts = fx.gateway.ledger().rowCounts(file.id());
        long viaTls = broker.getBroker().getDestinationMap().values().stream()
                .filter(d -> d.getName().equals(fx.props.get("jamsos.queue.enrollment")))
                .mapToLong(d -> d.getDestinationStatistics().getEnqueues().getCount()).sum();
        System.out.println("[broker-tls] " + sslUrl + ": " + file.state() + " " + counts + ", " + viaTls
                + " jobs through the TLS broker");
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(counts.get(RowState.ENROLLED)).isPositive();
        assertThat(counts.get(RowState.PENDING)).isZero();
        assertThat(viaTls).as("the jobs went through the TLS broker, not the demo's plain one").isPositive();
        assertThat(fx.env.broker().queueSize(fx.props.get("jamsos.queue.enrollment"))).isZero();
    }

    @Test
    void aTrustStoreWithoutTheBrokersCertificateIsRefusedBeforeTheStartNamingTheSetting() {
        // The client's own certificate only: a store that opens, but does not trust the broker.
        GatewayProperties props = GatewayProperties.of(tls(certs.clientTrust));
        List<DependencyCheck.Failure> failures = DependencyCheck.check(props, BROKER);
        System.out.println("[broker-tls] untrusted broker: " + failures);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).kind()).as("a configuration problem (exit 2), not a broker that is away")
                .isEqualTo(DependencyCheck.Kind.REFUSED);
        assertThat(failures.get(0).line()).contains(sslUrl, "TLS handshake", BrokerTls.TRUST_STORE)
                .doesNotContain(TestCertificates.PASSWORD);
    }

    @Test
    void behindFailoverAnUntrustedBrokerIsRefusedAtOnceNotWaitedFor() {
        Map<String, String> m = tls(certs.clientTrust);
        m.put("jamsos.broker.url", "failover:(" + sslUrl + ")");
        List<DependencyCheck.Failure> failures = DependencyCheck.check(GatewayProperties.of(m), BROKER);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(DependencyCheck.Kind.REFUSED);
            assertThat(f.line()).contains("TLS handshake failed", "PKIX", BrokerTls.TRUST_STORE)
                    .doesNotContain("sun.security", TestCertificates.PASSWORD);
        });
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefusedByTheCheckAndByTheClient() throws Exception {
        // bpjs.example's certificate is in the trust store, but the broker is reached as 127.0.0.1.
        BrokerService elsewhere = new BrokerService();
        elsewhere.setBrokerName("tls-elsewhere");
        elsewhere.setPersistent(false);
        elsewhere.setUseJmx(false);
        elsewhere.setSslContext(new SslContext(KeyStoreFiles.keyManagers(open(certs.elsewhere), TestCertificates.PASSWORD),
                null, null));
        TransportConnector connector = elsewhere.addConnector("ssl://127.0.0.1:0");
        elsewhere.start();
        try {
            elsewhere.waitUntilStarted();
            Map<String, String> m = tls(certs.trust);
            m.put("jamsos.broker.url", "ssl://127.0.0.1:" + connector.getConnectUri().getPort());
            assertThat(DependencyCheck.check(GatewayProperties.of(m), BROKER)).singleElement()
                    .satisfies(f -> assertThat(f.kind()).isEqualTo(DependencyCheck.Kind.REFUSED));
            // The ActiveMQ client's own host name check, which the gateway's connections rely on.
            BrokerTls gateway = BrokerTls.from(m::get);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (jakarta.jms.Connection c = gateway.connectionFactory(m.get("jamsos.broker.url"), "", "")
                        .createConnection()) {
                    c.start();
                }
            }).isInstanceOf(jakarta.jms.JMSException.class);
        } finally {
            elsewhere.stop();
            elsewhere.waitUntilStopped();
        }
    }

    @Test
    void theHandshakeProbeTellsAnUntrustedBrokerFromATrustedOne() {
        BrokerTls trusting = BrokerTls.from(tls(certs.trust)::get);
        BrokerTls notTrusting = BrokerTls.from(tls(certs.clientTrust)::get);
        assertThat(trusting.handshakeFailure(sslUrl, 5_000)).isEmpty();
        assertThat(notTrusting.handshakeFailure("failover:(" + sslUrl + ")?maxReconnectAttempts=0", 5_000))
                .hasValueSatisfying(why -> assertThat(why).contains("PKIX"));
    }

    @Test
    void withoutTheBrokerTlsSettingsTheJvmsTrustStoreIsAskedAndDoesNotTrustIt() {
        Map<String, String> m = tls(certs.trust);
        m.put(BrokerTls.TRUST_STORE, "");
        m.put(BrokerTls.KEY_STORE, "");
        List<DependencyCheck.Failure> failures = DependencyCheck.check(GatewayProperties.of(m),
                BROKER);
        assertThat(failures).extracting(DependencyCheck.Failure::kind).containsExactly(DependencyCheck.Kind.REFUSED);
    }
}
