package id.jamsos.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens the key stores and trust stores named in the settings and builds TLS contexts from them.
 * Every failure is an {@link IllegalArgumentException} whose message names the setting to fix and
 * the file, never the password: the configuration check prints these messages as they are.
 */
public final class KeyStoreFiles {

    private KeyStoreFiles() {
    }

    /** A store file setting's value as a path; null when unset or blank. */
    public static Path storePath(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    /** A store password setting's value; empty when unset. */
    public static String storePassword(String value) {
        return value == null ? "" : value;
    }

    /** A store type setting's value; PKCS12 when unset or blank. */
    public static String storeType(String value) {
        return value == null || value.isBlank() ? "PKCS12" : value.trim();
    }

    /** A store that must hold at least one certificate to trust. */
    public static KeyStore openTrustStore(Path file, String password, String type, String fileSetting,
                                          String passwordSetting) {
        return requireCertificate(open(file, password, type, fileSetting, passwordSetting), fileSetting, file.toString());
    }

    /** A store that must hold at least one private key with its certificate. */
    public static KeyStore openKeyStore(Path file, String password, String type, String fileSetting,
                                        String passwordSetting) {
        return requireKey(open(file, password, type, fileSetting, passwordSetting), fileSetting, file.toString());
    }

    static KeyStore open(Path file, String password, String type, String fileSetting, String passwordSetting) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(fileSetting + ": no such file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString(), password, type, fileSetting, passwordSetting);
        } catch (IOException e) {
            throw new IllegalArgumentException(fileSetting + " (" + file + ") cannot be read: " + e.getMessage());
        }
    }

    /**
     * A store named as Camel names them ({@code camel.ssl.keyStore}): {@code classpath:} for a class
     * path resource, otherwise a file (with or without {@code file:}), else a class path resource.
     */
    public static KeyStore openResource(String resource, String password, String type, String fileSetting,
                                        String passwordSetting) {
        String name = resource.trim();
        if (name.startsWith("file:")) {
            return open(Path.of(name.substring("file:".length())), password, type, fileSetting, passwordSetting);
        }
        boolean classpathOnly = name.startsWith("classpath:");
        String path = classpathOnly ? name.substring("classpath:".length()) : name;
        if (!classpathOnly && Files.isRegularFile(Path.of(path))) {
            return open(Path.of(path), password, type, fileSetting, passwordSetting);
        }
        InputStream in = KeyStoreFiles.class.getClassLoader().getResourceAsStream(path.startsWith("/") ? path.substring(1) : path);
        if (in == null) {
            throw new IllegalArgumentException(fileSetting + ": no such file" + (classpathOnly ? "" : " or class path resource")
                    + " " + name);
        }
        try (in) {
            return load(in, name, password, type, fileSetting, passwordSetting);
        } catch (IOException e) {
            throw new IllegalArgumentException(fileSetting + " (" + name + ") cannot be read: " + e.getMessage());
        }
    }

    /** {@code store} when it holds at least one certificate to trust. */
    public static KeyStore requireCertificate(KeyStore store, String fileSetting, String where) {
        if (count(store, false) == 0) {
            throw new IllegalArgumentException(fileSetting + " (" + where + ") holds no certificate to trust");
        }
        return store;
    }

    /** {@code store} when it holds at least one private key. */
    public static KeyStore requireKey(KeyStore store, String fileSetting, String where) {
        if (count(store, true) == 0) {
            throw new IllegalArgumentException(fileSetting + " (" + where + ") holds no private key");
        }
        return store;
    }

    private static KeyStore load(InputStream in, String where, String password, String type, String fileSetting,
                                 String passwordSetting) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException(fileSetting + " (" + where + "): unknown key store type " + type);
        }
        try {
            store.load(in, password == null ? new char[0] : password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(passwordSetting + " does not open " + fileSetting + " (" + where
                        + "): wrong password");
            }
            throw new IllegalArgumentException(fileSetting + " (" + where + ") cannot be read as a " + type
                    + " key store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(fileSetting + " (" + where + ") cannot be read as a " + type
                    + " key store: " + e.getMessage());
        }
    }

    /**
     * A TLS context with the client (or server) key of {@code keys}, or none when null, trusting the
     * certificates of {@code trust}, or the JDK's own trusted authorities when null. PKCS12 has one
     * password for the store and its keys, so the store password opens the key.
     */
    public static SSLContext sslContext(KeyStore keys, String keyPassword, KeyStore trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(keys, keyPassword), trustManagers(trust), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage());
        }
    }

    /** The key managers of {@code keys}, or null (no client certificate) when it is null. */
    public static KeyManager[] keyManagers(KeyStore keys, String keyPassword) {
        if (keys == null) {
            return null;
        }
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            return kmf.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the private key cannot be opened with the key store's password");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage());
        }
    }

    /** The trust managers of {@code trust}, or null (the JDK's trusted authorities) when it is null. */
    public static TrustManager[] trustManagers(KeyStore trust) {
        if (trust == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage());
        }
    }

    private static int count(KeyStore store, boolean keys) {
        try {
            int n = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (keys ? store.isKeyEntry(alias) : store.isCertificateEntry(alias) || store.isKeyEntry(alias)) {
                    n++;
                }
            }
            return n;
        } catch (KeyStoreException e) {
            return 0;
        }
    }
}
