package id.jamsos.gateway.bpjs;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.enrollment.EnrollerRoute;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.finance.BpjsInvoiceClient;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.simulator.SimulatorTls;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enroller route and the invoice route (the GETs' shape: the claims pull's is the same) over HTTPS against the simulator serving a certificate made at test time: they
 * talk when the trust store holds the certificate, and otherwise fail with a TLS error before any
 * request is sent, never falling back to an unverified or plain connection.
 */
class BpjsTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.in(dir.resolve("certs"));
    }

    private static BpjsSimulator simulator(SimulatorTls tls) {
        return BpjsSimulator.start(SimulatorConfig.defaults(), Clock.systemUTC(), tls);
    }

    private static BpjsTls trusting(Path trustStore) {
        return new BpjsTls(trustStore, TestCertificates.PASSWORD, "PKCS12", null, "", "PKCS12");
    }

    /** The enroller route against {@code sim} with these TLS settings. */
    private static EnrollerRoute enroller(BpjsSimulator sim, BpjsTls tls) throws Exception {
        return EnrollerRoute.start(settings(sim, tls));
    }

    private static Map<String, String> settings(BpjsSimulator sim, BpjsTls tls) {
        SimulatorConfig c = sim.config();
        Map<String, String> s = new HashMap<>(Map.of("jamsos.bpjs.url", sim.baseUrl(), "jamsos.bpjs.consId", c.consId(),
                "jamsos.bpjs.secret", c.secret(), "jamsos.bpjs.userKey", c.userKey(),
                "jamsos.bpjs.connectTimeoutMs", "5000", "jamsos.bpjs.requestTimeoutMs", "10000"));
        if (tls.trustStore() != null) {
            s.put(BpjsTls.TRUST_STORE, tls.trustStore().toString());
            s.put(BpjsTls.TRUST_STORE_PASSWORD, tls.trustStorePassword());
        }
        if (tls.keyStore() != null) {
            s.put(BpjsTls.KEY_STORE, tls.keyStore().toString());
            s.put(BpjsTls.KEY_STORE_PASSWORD, tls.keyStorePassword());
        }
        return s;
    }

    /** The invoice route alone against {@code sim}, as the statement command runs it. */
    private static BpjsInvoiceClient invoices(BpjsSimulator sim, BpjsTls tls) throws Exception {
        return BpjsInvoiceClient.standalone(Gateway.camelProperties(GatewayProperties.of(settings(sim, tls))), Json.mapper(),
                Clock.systemUTC());
    }

    /** One row enrolled through the enroller route, or what it failed with. */
    private static List<RowOutcome> enroll(BpjsSimulator sim, BpjsTls tls) throws Exception {
        try (EnrollerRoute route = enroller(sim, tls)) {
            return route.enroll(EnrollerRoute.job(1, 1, 9671014505900001L));
        }
    }

    @Test
    void enrollsAndFetchesTheInvoiceOverHttpsWhenTheTrustStoreHoldsTheCertificate() throws Exception {
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.server, TestCertificates.PASSWORD))) {
            assertThat(sim.baseUrl()).startsWith("https://127.0.0.1:");

            List<RowOutcome> outcomes = enroll(sim, trusting(certs.trust));

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.state()).isEqualTo(RowState.ENROLLED);
                assertThat(o.kpj()).matches("[0-9A-Z]{7}\\d{4}");
            });
            try (BpjsInvoiceClient invoices = invoices(sim, trusting(certs.trust))) {
                // Next month: the worker enrolled just now is billed in it whatever the time zone.
                assertThat(invoices.invoice(YearMonth.now().plusMonths(1), "9671").jumlahPeserta()).isEqualTo(1);
            }
            assertThat(sim.stats().totalRequests()).isEqualTo(2);
        }
    }

    @Test
    void aCertificateTheTrustStoreLacksIsATlsErrorAndNothingIsSent() throws Exception {
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.server, TestCertificates.PASSWORD))) {
            // The JDK's own authorities (no trust store set) do not know a self-signed certificate either.
            for (BpjsTls tls : List.of(trusting(certs.clientTrust), BpjsTls.none())) {
                assertThatThrownBy(() -> enroll(sim, tls))
                        .isInstanceOf(TransientDeliveryException.class)
                        .hasMessageStartingWith("TLS with the endpoint failed")
                        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                        .cause().isInstanceOf(SSLHandshakeException.class);
            }
            try (BpjsInvoiceClient invoices = invoices(sim, trusting(certs.clientTrust))) {
                assertThatThrownBy(() -> invoices.invoice(YearMonth.of(2024, 3), "9671"))
                        .isInstanceOf(BpjsCallException.class)
                        .hasMessageStartingWith("GET /bpjstk/v1/tagihan: TLS with the endpoint failed");
            }
            assertThat(sim.stats().totalRequests()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        // Trusted (it is in the trust store) but issued to bpjs.example, while the client calls 127.0.0.1.
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.elsewhere, TestCertificates.PASSWORD))) {
            assertThatThrownBy(() -> enroll(sim, trusting(certs.trust)))
                    .isInstanceOf(TransientDeliveryException.class)
                    .hasMessageStartingWith("TLS with the endpoint failed")
                    .hasMessageContaining("127.0.0.1")
                    // Camel's HTTP client checks the name right after the handshake, before sending.
                    .cause().isInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class);
            assertThat(sim.stats().totalRequests()).isZero();
        }
    }

    @Test
    void mutualTlsSendsTheClientCertificateAndWithoutOneTheEndpointRefuses() throws Exception {
        SimulatorTls demandsCertificate = new SimulatorTls(certs.server, TestCertificates.PASSWORD, certs.clientTrust,
                TestCertificates.PASSWORD, true);
        try (BpjsSimulator sim = simulator(demandsCertificate)) {
            BpjsTls withCertificate = new BpjsTls(certs.trust, TestCertificates.PASSWORD, "PKCS12", certs.client,
                    TestCertificates.PASSWORD, "PKCS12");

            assertThat(enroll(sim, withCertificate))
                    .singleElement().extracting(RowOutcome::state).isEqualTo(RowState.ENROLLED);

            // Under TLS 1.3 the server refuses the missing certificate after the client's side of the
            // handshake is done, so the client sees the connection closed rather than a TLS alert.
            assertThatThrownBy(() -> enroll(sim, trusting(certs.trust)))
                    .isInstanceOf(TransientDeliveryException.class);
            assertThat(sim.stats().totalRequests()).isEqualTo(1);
        }
    }
}
