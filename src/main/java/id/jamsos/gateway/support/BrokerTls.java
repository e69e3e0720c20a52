package id.jamsos.gateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.activemq.ActiveMQSslConnectionFactory;

/**
 * TLS towards the broker, and the one place the gateway's broker connection factories are made: the
 * Camel activemq component's (through {@code BrokerConnections}), the start's dependency check, the
 * {@code statement} command's publisher and {@code finance-tail}'s reader all take theirs from
 * {@link #connectionFactory} or {@link #applyTo}, so a broker reached over {@code ssl://} is reached
 * the same way by all of them.
 *
 * <p>Whom to trust is {@code jamsos.broker.tls.trustStore} (the certificate of the broker, or the CA
 * that signed it); a client certificate, when the broker's {@code needClientAuth} asks for one, is
 * {@code jamsos.broker.tls.keyStore}. Without them the JVM's own ({@code javax.net.ssl.*}) apply, as
 * before these settings existed. They are used only by {@code ssl://} (and {@code nio+ssl://},
 * {@code auto+ssl://}) transports, alone or inside {@code failover:(…)}. The ActiveMQ client
 * verifies the broker's host name against its certificate by default and nothing here turns it off.
 *
 * @param trustStore null for the JVM's trust store
 * @param keyStore   null for no client certificate
 */
public record BrokerTls(Path trustStore, String trustStorePassword, String trustStoreType,
                        Path keyStore, String keyStorePassword, String keyStoreType) {

    public static final String TRUST_STORE = "jamsos.broker.tls.trustStore";
    public static final String TRUST_STORE_PASSWORD = "jamsos.broker.tls.trustStorePassword";
    public static final String TRUST_STORE_TYPE = "jamsos.broker.tls.trustStoreType";
    public static final String KEY_STORE = "jamsos.broker.tls.keyStore";
    public static final String KEY_STORE_PASSWORD = "jamsos.broker.tls.keyStorePassword";
    public static final String KEY_STORE_TYPE = "jamsos.broker.tls.keyStoreType";

    /** The JVM's defaults: its trust store, no client certificate. */
    public static BrokerTls none() {
        return new BrokerTls(null, "", "PKCS12", null, "", "PKCS12");
    }

    /** From the settings; {@code setting} answers a key's value, empty or null when unset. */
    public static BrokerTls from(Function<String, String> setting) {
        return new BrokerTls(KeyStoreFiles.storePath(setting.apply(TRUST_STORE)),
                KeyStoreFiles.storePassword(setting.apply(TRUST_STORE_PASSWORD)),
                KeyStoreFiles.storeType(setting.apply(TRUST_STORE_TYPE)),
                KeyStoreFiles.storePath(setting.apply(KEY_STORE)),
                KeyStoreFiles.storePassword(setting.apply(KEY_STORE_PASSWORD)),
                KeyStoreFiles.storeType(setting.apply(KEY_STORE_TYPE)));
    }

    /** True when neither store is set, so the JVM's TLS settings apply. */
    public boolean isDefault() {
        return trustStore == null && keyStore == null;
    }

    /** Whether {@code brokerUrl} (or any broker of a failover list) is reached over TLS. */
    public static boolean usesTls(String brokerUrl) {
        return brokerUrl != null && brokerUrl.toLowerCase(Locale.ROOT).matches("(?s).*\\bssl://.*");
    }

    /**
     * Opens the stores: what the configuration check does at start.
     *
     * @throws IllegalArgumentException naming the setting when a store is missing, unreadable or its
     *                                  password wrong (never the password)
     */
    public void check() {
        trust();
        keys();
    }

    /**
     * A connection factory for {@code brokerUrl}, with this TLS and the login when {@code user} is not
     * empty. An {@link ActiveMQSslConnectionFactory} behaves as the plain one on {@code tcp://}.
     */
    public ActiveMQSslConnectionFactory connectionFactory(String brokerUrl, String user, String password) {
        ActiveMQSslConnectionFactory factory = new ActiveMQSslConnectionFactory(brokerUrl);
        if (user != null && !user.isEmpty()) {
            factory.setUserName(user);
            factory.setPassword(password);
        }
        applyTo(factory);
        return factory;
    }

    /**
     * Gives {@code factory} this TLS. The stores are opened here, once, and the key and trust managers
     * handed over: ActiveMQ's own store settings would read the files again at every connection and
     * take a file name only as a Spring resource.
     */
    public void applyTo(ActiveMQSslConnectionFactory factory) {
        if (isDefault()) {
            return;
        }
        factory.setKeyAndTrustManagers(KeyStoreFiles.keyManagers(keys(), keyStorePassword),
                KeyStoreFiles.trustManagers(trust()), null);
    }

    /**
     * Why a TLS handshake with the first {@code ssl://} broker of {@code brokerUrl} that answers fails,
     * with these stores and the host name verified as the ActiveMQ client does; empty when one
     * succeeds or none answers. For the start's check (see {@code DependencyCheck.broker}).
     */
    public Optional<String> handshakeFailure(String brokerUrl, int timeoutMs) {
        SSLContext context;
        try {
            context = isDefault() ? SSLContext.getDefault()
                    : KeyStoreFiles.sslContext(keys(), keyStorePassword, trust());
        } catch (java.security.NoSuchAlgorithmException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        Matcher m = Pattern.compile("(?i)\\b[a-z+]*ssl://(\\[[^\\]]*\\]|[^:/?,()]+):(\\d+)").matcher(brokerUrl);
        while (m.find()) {
            String host = m.group(1).replace("[", "").replace("]", "");
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, Integer.parseInt(m.group(2))), timeoutMs);
                plain.setSoTimeout(timeoutMs);
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), false)) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                    return Optional.empty();
                }
            } catch (SSLException e) {
                return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (IOException | RuntimeException e) {
                // this one does not answer: the next may
            }
        }
        return Optional.empty();
    }

    private KeyStore trust() {
        return trustStore == null ? null
                : KeyStoreFiles.openTrustStore(trustStore, trustStorePassword, trustStoreType, TRUST_STORE,
                TRUST_STORE_PASSWORD);
    }

    private KeyStore keys() {
        return keyStore == null ? null
                : KeyStoreFiles.openKeyStore(keyStore, keyStorePassword, keyStoreType, KEY_STORE, KEY_STORE_PASSWORD);
    }

    /** Records print every field; this one would print the passwords, so it masks them. */
    @Override
    public String toString() {
        return "BrokerTls[trustStore=" + trustStore + " (" + trustStoreType + "), keyStore=" + keyStore + " ("
                + keyStoreType + "), passwords masked]";
    }
}
