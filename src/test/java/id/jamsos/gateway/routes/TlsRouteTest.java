package id.jamsos.gateway.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.finance.FinanceQueueReader;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.simulator.SimulatorTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway with TLS both ways, configured only through settings: it enrolls against an HTTPS
 * endpoint it trusts through {@code jamsos.bpjs.tls.trustStore}, and serves the claim callback over
 * HTTPS with Camel main's own {@code camel.ssl.*} and {@code camel.server.useGlobalSslContextParameters}.
 * A signed callback from a client that trusts the certificate reaches finance; the same signed
 * callback over plain HTTP, or from a client that does not trust the certificate, does not.
 */
class TlsRouteTest {

    @RegisterExtension
    static final GatewayExtension gateways = GatewayExtension.onDemand();
    static TestCertificates certs;
    static BpjsSimulator bpjs;
    static GatewayFixture fx;
    static List<String> enrolledNiks = new ArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPS_TOKEN = "tls-operator-token";

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.in(gateways.dir().resolve("certs"));
        // The endpoint over HTTPS; it trusts the gateway's callback certificate for its claim callbacks.
        bpjs = gateways.closeAfterwards(BpjsSimulator.start(SimulatorConfig.defaults(), Clock.systemUTC(),
                new SimulatorTls(certs.server, TestCertificates.PASSWORD, certs.trust, TestCertificates.PASSWORD, false)));
        fx = gateways.start(Map.of(
                "jamsos.bpjs.url", bpjs.baseUrl(),
                BpjsTls.TRUST_STORE, certs.trust.toString(),
                BpjsTls.TRUST_STORE_PASSWORD, TestCertificates.PASSWORD,
                "camel.ssl.enabled", "true",
                "camel.ssl.keyStore", "file:" + certs.server,
                "camel.ssl.keystorePassword", TestCertificates.PASSWORD,
                "camel.server.useGlobalSslContextParameters", "true",
                "jamsos.ops.token", OPS_TOKEN));
        FileInfo file = fx.enrollSample(DemoEnvironment.KEY_AGENCY, "tls.csv", 5, 11L);
        enrolledNiks.addAll(fx.enrolledNiks(file.id()));
    }

    private static String callbackUrl(String scheme) {
        return scheme + "://127.0.0.1:" + fx.env.httpPort() + fx.props.get("jamsos.callback.path");
    }

    @Test
    void theGatewayEnrolledOverHttpsAndAcceptsASignedCallbackOverHttps() throws Exception {
        assertThat(enrolledNiks).hasSize(5);
        assertThat(bpjs.stats().enrolledWorkers()).isEqualTo(5);
        ClaimNotice claim = bpjs.jkmClaimFor(enrolledNiks.get(0));

        assertThat(bpjs.fireClaim(callbackUrl("https"), claim)).isEqualTo(200);

        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            assertThat(finance.take(2, Duration.ofSeconds(3)))
                    .singleElement().extracting(FinanceQueueReader.Received::messageId)
                    .isEqualTo("claim-" + claim.claimId());
        }
    }

    @Test
    void aSignedCallbackOverPlainHttpOrFromAClientNotTrustingTheCertificateDoesNotGetThrough() throws Exception {
        ClaimNotice claim = bpjs.jkmClaimFor(enrolledNiks.get(1));

        assertThatThrownBy(() -> signedCallback(HttpClient.newHttpClient(), callbackUrl("http"), claim))
                .isInstanceOf(IOException.class);
        // The JDK's own authorities do not know the callback's self-signed certificate.
        assertThatThrownBy(() -> signedCallback(HttpClient.newHttpClient(), callbackUrl("https"), claim))
                .isInstanceOf(SSLHandshakeException.class);

        try (FinanceQueueReader finance = new FinanceQueueReader(fx.env.broker().brokerUrl(),
                fx.props.get("jamsos.finance.queue"))) {
            assertThat(finance.take(1, Duration.ofSeconds(2))).isEmpty();
        }
        assertThat(fx.gateway.ledger().claim(claim.claimId())).isEmpty();
    }

    /** The operator's session cookie never travels over plain HTTP once it was set over TLS. */
    @Test
    void theOperatorSessionCookieIsSecureOverHttps() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(certs.trust)) {
            trust.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + fx.env.httpPort() + "/ops/login"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + OPS_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).contains("; Secure", "HttpOnly", "SameSite=Strict"));
    }

    /** A callback signed with the right credentials, so only the transport can stop it. */
    private static int signedCallback(HttpClient client, String url, ClaimNotice claim) throws Exception {
        SimulatorConfig sim = bpjs.config();
        byte[] body = JSON.writeValueAsBytes(claim);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        BpjsSignature.bodyHeaders(sim.callbackConsId(), sim.callbackSecret(), null, System.currentTimeMillis() / 1000,
                body).forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
