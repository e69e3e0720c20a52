package id.jamsos.gateway.bpjs;

import id.jamsos.gateway.support.KeyStoreFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * TLS towards the BPJS endpoint: whom to trust ({@code jamsos.bpjs.tls.trustStore}) and, when BPJS
 * asks for one, the city's client certificate ({@code jamsos.bpjs.tls.keyStore}). Without a trust
 * store the JDK's own certificate authorities apply, so an endpoint with a public certificate needs
 * no setting at all. Host names are always verified (Camel's HTTP component does it by default and
 * nothing here turns it off).
 *
 * @param trustStore null for the JDK's trusted authorities
 * @param keyStore   null for no client certificate
 */
public record BpjsTls(Path trustStore, String trustStorePassword, String trustStoreType,
                      Path keyStore, String keyStorePassword, String keyStoreType) {

    public static final String TRUST_STORE = "jamsos.bpjs.tls.trustStore";
    public static final String TRUST_STORE_PASSWORD = "jamsos.bpjs.tls.trustStorePassword";
    public static final String TRUST_STORE_TYPE = "jamsos.bpjs.tls.trustStoreType";
    public static final String KEY_STORE = "jamsos.bpjs.tls.keyStore";
    public static final String KEY_STORE_PASSWORD = "jamsos.bpjs.tls.keyStorePassword";
    public static final String KEY_STORE_TYPE = "jamsos.bpjs.tls.keyStoreType";

    /** The JDK's defaults: its trusted authorities, no client certificate. */
    public static BpjsTls none() {
        return new BpjsTls(null, "", "PKCS12", null, "", "PKCS12");
    }

    /** From the settings; {@code setting} answers a key's value, empty or null when unset. */
    public static BpjsTls from(Function<String, String> setting) {
        return new BpjsTls(KeyStoreFiles.storePath(setting.apply(TRUST_STORE)),
                KeyStoreFiles.storePassword(setting.apply(TRUST_STORE_PASSWORD)),
                KeyStoreFiles.storeType(setting.apply(TRUST_STORE_TYPE)),
                KeyStoreFiles.storePath(setting.apply(KEY_STORE)),
                KeyStoreFiles.storePassword(setting.apply(KEY_STORE_PASSWORD)),
                KeyStoreFiles.storeType(setting.apply(KEY_STORE_TYPE)));
    }

    /** True when neither store is set, so the JDK's own TLS context applies. */
    public boolean isDefault() {
        return trustStore == null && keyStore == null;
    }

    /**
     * The client's TLS context, as the stores are opened (the configuration check tries them at start).
     *
     * @throws IllegalArgumentException naming the setting when a store is missing, unreadable or its
     *                                  password wrong
     */
    public SSLContext sslContext() {
        KeyStore trust = trustStore == null ? null
                : KeyStoreFiles.openTrustStore(trustStore, trustStorePassword, trustStoreType, TRUST_STORE,
                TRUST_STORE_PASSWORD);
        KeyStore keys = keyStore == null ? null
                : KeyStoreFiles.openKeyStore(keyStore, keyStorePassword, keyStoreType, KEY_STORE, KEY_STORE_PASSWORD);
        return KeyStoreFiles.sslContext(keys, keyStorePassword, trust);
    }

    /**
     * The same for Camel's HTTP component (every call to BPJS): the stores are opened here, with the
     * errors that name the setting, and handed to Camel already loaded. Without stores, Camel's
     * defaults: the JDK's trusted authorities, no client certificate.
     *
     * @throws IllegalArgumentException naming the setting when a store is missing, unreadable or its
     *                                  password wrong
     */
    public SSLContextParameters sslContextParameters() {
        SSLContextParameters parameters = new SSLContextParameters();
        if (trustStore != null) {
            KeyStoreParameters trust = new KeyStoreParameters();
            trust.setKeyStore(KeyStoreFiles.openTrustStore(trustStore, trustStorePassword, trustStoreType, TRUST_STORE,
                    TRUST_STORE_PASSWORD));
            TrustManagersParameters trustManagers = new TrustManagersParameters();
            trustManagers.setKeyStore(trust);
            parameters.setTrustManagers(trustManagers);
        }
        if (keyStore != null) {
            KeyStoreParameters keys = new KeyStoreParameters();
            keys.setKeyStore(KeyStoreFiles.openKeyStore(keyStore, keyStorePassword, keyStoreType, KEY_STORE,
                    KEY_STORE_PASSWORD));
            KeyManagersParameters keyManagers = new KeyManagersParameters();
            keyManagers.setKeyStore(keys);
            keyManagers.setKeyPassword(keyStorePassword);
            parameters.setKeyManagers(keyManagers);
        }
        return parameters;
    }

    /** Records print every field; this one would print the passwords, so it masks them. */
    @Override
    public String toString() {
        return "BpjsTls[trustStore=" + trustStore + " (" + trustStoreType + "), keyStore=" + keyStore + " ("
                + keyStoreType + "), passwords masked]";
    }
}
