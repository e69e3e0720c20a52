package id.jamsos.gateway.simulator;

import id.jamsos.gateway.support.KeyStoreFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * HTTPS for the simulator, so the gateway's TLS settings can be tried end to end without a real
 * BPJS endpoint.
 *
 * @param keyStore                 PKCS12 file with the simulator's key and certificate; the
 *                                 certificate must name the host the gateway calls (for the
 *                                 default bind address: IP address 127.0.0.1)
 * @param password                 its password
 * @param trustStore               PKCS12 file of certificates the simulator trusts, or null: the
 *                                 gateway's callback certificate (claim callbacks to https://) and,
 *                                 with {@code requireClientCertificate}, the gateway's client
 *                                 certificate; null trusts the JDK's authorities for callbacks
 * @param trustStorePassword       its password
 * @param requireClientCertificate refuse clients without a certificate from {@code trustStore}
 *                                 (mutual TLS, as an endpoint may demand of the city)
 */
public record SimulatorTls(Path keyStore, String password, Path trustStore, String trustStorePassword,
                           boolean requireClientCertificate) {

    public SimulatorTls {
        Objects.requireNonNull(keyStore, "keyStore");
        if (requireClientCertificate && trustStore == null) {
            throw new IllegalArgumentException("--tls-client-auth needs --tls-truststore: whose certificates to accept");
        }
    }

    /** Serves HTTPS with this key; trusts the JDK's authorities for callbacks, asks clients for nothing. */
    public static SimulatorTls of(Path keyStore, String password) {
        return new SimulatorTls(keyStore, password, null, null, false);
    }

    /** The server's context: its key, and the trust store for client certificates. */
    SSLContext serverContext() {
        KeyStore keys = KeyStoreFiles.openKeyStore(keyStore, password, "PKCS12", "--tls-keystore", "--tls-password");
        return KeyStoreFiles.sslContext(keys, password, trust());
    }

    /** The context of claim callbacks, or null for the JDK's own. */
    SSLContext callbackContext() {
        KeyStore trust = trust();
        return trust == null ? null : KeyStoreFiles.sslContext(null, null, trust);
    }

    private KeyStore trust() {
        return trustStore == null ? null : KeyStoreFiles.openTrustStore(trustStore,
                trustStorePassword == null ? password : trustStorePassword, "PKCS12", "--tls-truststore",
                "--tls-truststore-password");
    }

    @Override
    public String toString() {
        return "SimulatorTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", requireClientCertificate="
                + requireClientCertificate + ", passwords masked]";
    }
}
