package id.jamsos.gateway.bpjs;

import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.claims.BpjsClaimsClient;
import id.jamsos.gateway.enrollment.BpjsClient;
import id.jamsos.gateway.enrollment.TransientDeliveryException;
import id.jamsos.gateway.security.TestCertificates;
import id.jamsos.gateway.simulator.BpjsSimulator;
import id.jamsos.gateway.simulator.SimulatorConfig;
import id.jamsos.gateway.simulator.SimulatorTls;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BPJS clients over HTTPS against the simulator serving a certificate made at test time: they
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

    private static BpjsClient client(BpjsSimulator sim, BpjsTls tls) {
        SimulatorConfig c = sim.config();
        return new BpjsClient(sim.baseUrl(), c.consId(), c.secret(), c.userKey(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Json.mapper(), Clock.systemUTC(), tls);
    }

    private static List<EnrollmentRequest> batch() {
        return List.of(new EnrollmentRequest("tls-1", "9671014505900001", "Yohana Kambu", "1990-05-05", "P", "Sorong",
                null, null, "Sorong Timur", null, "pedagang", 1_000_000L, List.of("JKK", "JKM"), "9671"));
    }

    @Test
    void enrollsAndListsClaimsOverHttpsWhenTheTrustStoreHoldsTheCertificate() {
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.server, TestCertificates.PASSWORD))) {
            assertThat(sim.baseUrl()).startsWith("https://127.0.0.1:");

            List<EnrollmentResult> results = client(sim, trusting(certs.trust)).enroll(batch());

            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(EnrollmentResult.ENROLLED);
                assertThat(r.kpj()).matches("\\d{11}");
            });
            SimulatorConfig c = sim.config();
            BpjsGet get = new BpjsGet(sim.baseUrl(), c.consId(), c.secret(), c.userKey(), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Json.mapper(), Clock.systemUTC(), trusting(certs.trust));
            assertThat(new BpjsClaimsClient(get).since("1970-01-01T00:00:00Z", 10).klaim()).isEmpty();
            assertThat(sim.stats().totalRequests()).isEqualTo(2);
        }
    }

    @Test
    void aCertificateTheTrustStoreLacksIsATlsErrorAndNothingIsSent() {
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.server, TestCertificates.PASSWORD))) {
            // The JDK's own authorities (no trust store set) do not know a self-signed certificate either.
            for (BpjsTls tls : List.of(trusting(certs.clientTrust), BpjsTls.none())) {
                assertThatThrownBy(() -> client(sim, tls).enroll(batch()))
                        .isInstanceOf(TransientDeliveryException.class)
                        .hasMessageStartingWith("TLS with the endpoint failed")
                        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                        .cause().isInstanceOf(SSLHandshakeException.class);
            }
            SimulatorConfig c = sim.config();
            BpjsGet get = new BpjsGet(sim.baseUrl(), c.consId(), c.secret(), c.userKey(), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Json.mapper(), Clock.systemUTC(), trusting(certs.clientTrust));
            assertThatThrownBy(() -> get.get("/bpjstk/v1/klaim", Map.of("since", "1970-01-01T00:00:00Z"),
                    new com.fasterxml.jackson.core.type.TypeReference<Envelope<ClaimPage>>() {
                    }))
                    .isInstanceOf(BpjsGet.BpjsCallException.class)
                    .hasMessageContaining("TLS with the endpoint failed");
            assertThat(sim.stats().totalRequests()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        // Trusted (it is in the trust store) but issued to bpjs.example, while the client calls 127.0.0.1.
        try (BpjsSimulator sim = simulator(SimulatorTls.of(certs.elsewhere, TestCertificates.PASSWORD))) {
            assertThatThrownBy(() -> client(sim, trusting(certs.trust)).enroll(batch()))
                    .isInstanceOf(TransientDeliveryException.class)
                    .hasMessageStartingWith("TLS with the endpoint failed")
                    .hasMessageContaining("127.0.0.1")
                    .cause().isInstanceOf(SSLHandshakeException.class);
            assertThat(sim.stats().totalRequests()).isZero();
        }
    }

    @Test
    void mutualTlsSendsTheClientCertificateAndWithoutOneTheEndpointRefuses() {
        SimulatorTls demandsCertificate = new SimulatorTls(certs.server, TestCertificates.PASSWORD, certs.clientTrust,
                TestCertificates.PASSWORD, true);
        try (BpjsSimulator sim = simulator(demandsCertificate)) {
            BpjsTls withCertificate = new BpjsTls(certs.trust, TestCertificates.PASSWORD, "PKCS12", certs.client,
                    TestCertificates.PASSWORD, "PKCS12");

            assertThat(client(sim, withCertificate).enroll(batch()))
                    .singleElement().extracting(EnrollmentResult::code).isEqualTo(EnrollmentResult.ENROLLED);

            // Under TLS 1.3 the server refuses the missing certificate after the client's side of the
            // handshake is done, so the client sees the connection closed rather than a TLS alert.
            assertThatThrownBy(() -> client(sim, trusting(certs.trust)).enroll(batch()))
                    .isInstanceOf(TransientDeliveryException.class);
            assertThat(sim.stats().totalRequests()).isEqualTo(1);
        }
    }
}
