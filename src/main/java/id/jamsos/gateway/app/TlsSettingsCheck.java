package id.jamsos.gateway.app;

import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.support.BrokerTls;
import id.jamsos.gateway.support.KeyStoreFiles;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The TLS part of the configuration check: the key and trust stores named for the BPJS endpoint
 * ({@code jamsos.bpjs.tls.*}) and for the callback (Camel main's {@code camel.ssl.*} used by the
 * embedded server through {@code camel.server.useGlobalSslContextParameters}) are opened with their
 * passwords before anything connects, so a missing file or a wrong password stops {@code run} with
 * the setting named instead of failing at the first call. Plain HTTP off this machine is allowed
 * (TLS may be terminated by a proxy next to the gateway) but warned about. The same for the broker:
 * its stores ({@code jamsos.broker.tls.*}) are opened by every command that reaches it, and a plain
 * {@code tcp://} broker off this machine is warned about.
 */
final class TlsSettingsCheck {

    static final String SERVER_USES_SSL = "camel.server.useGlobalSslContextParameters";

    private TlsSettingsCheck() {
    }

    static List<String> problems(GatewayProperties props) {
        List<String> problems = new ArrayList<>();
        BpjsTls bpjs = BpjsTls.from(k -> props.get(k, ""));
        if (!bpjs.isDefault()) {
            try {
                bpjs.sslContext();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (String key : new TreeSet<>(props.asProperties().stringPropertyNames())) {
            if (key.startsWith("camel.ssl.") && props.get(key, "").isEmpty()) {
                problems.add(key + " is empty, which Camel refuses: remove the line or give it a value");
            }
        }
        boolean sslEnabled = Boolean.parseBoolean(camel(props, "camel.ssl.enabled", "false"));
        boolean serverUsesSsl = Boolean.parseBoolean(camel(props, SERVER_USES_SSL, "false"));
        // Camel would start the server on plain HTTP without a word.
        if (serverUsesSsl && !sslEnabled) {
            problems.add(SERVER_USES_SSL + "=true needs camel.ssl.enabled=true and camel.ssl.keyStore");
        }
        if (sslEnabled) {
            String keyStore = camel(props, "camel.ssl.keyStore", "");
            if (keyStore.isEmpty()) {
                if (serverUsesSsl) {
                    problems.add("camel.ssl.keyStore must name the callback's key and certificate (a PKCS12 file)");
                }
            } else {
                check(problems, () -> {
                    KeyStore store = KeyStoreFiles.openResource(keyStore, camel(props, "camel.ssl.keystorePassword", ""),
                            storeType(camel(props, "camel.ssl.keyStoreType", "")), "camel.ssl.keyStore",
                            "camel.ssl.keystorePassword");
                    KeyStoreFiles.requireKey(store, "camel.ssl.keyStore", keyStore);
                });
            }
            String trustStore = camel(props, "camel.ssl.trustStore", "");
            if (!trustStore.isEmpty()) {
                check(problems, () -> {
                    KeyStore store = KeyStoreFiles.openResource(trustStore, camel(props, "camel.ssl.trustStorePassword", ""),
                            KeyStore.getDefaultType(), "camel.ssl.trustStore", "camel.ssl.trustStorePassword");
                    KeyStoreFiles.requireCertificate(store, "camel.ssl.trustStore", trustStore);
                });
            }
        }
        return problems;
    }

    /** The broker's TLS stores, opened as the connections will open them; for every command that reaches the broker. */
    static List<String> brokerProblems(GatewayProperties props) {
        List<String> problems = new ArrayList<>();
        BrokerTls broker = BrokerTls.from(k -> props.get(k, ""));
        if (!broker.isDefault()) {
            check(problems, broker::check);
        }
        return problems;
    }

    /** Allowed but worth an operator's look; logged at start. */
    static List<String> warnings(GatewayProperties props) {
        List<String> warnings = new ArrayList<>();
        URI bpjs = uri(props.get("jamsos.bpjs.url", ""));
        if (bpjs != null && "http".equalsIgnoreCase(bpjs.getScheme())) {
            if (!isLoopback(bpjs.getHost())) {
                warnings.add("jamsos.bpjs.url is plain http:// to " + bpjs.getHost() + ": the workers' personal data and"
                        + " the signed headers cross the network unencrypted; use https://");
            }
            if (!BpjsTls.from(k -> props.get(k, "")).isDefault()) {
                warnings.add("jamsos.bpjs.tls.* is set but jamsos.bpjs.url is http://, so it is not used");
            }
        }
        String brokerUrl = props.get("jamsos.broker.url", "");
        List<String> plainBrokers = plainRemoteBrokers(brokerUrl);
        if (!plainBrokers.isEmpty()) {
            warnings.add("jamsos.broker.url reaches " + String.join(", ", plainBrokers) + " over plain tcp://: the"
                    + " broker password and the finance messages (a worker's name and KPJ on a claim) cross the network"
                    + " unencrypted (enrollment jobs are sealed); use ssl:// with " + BrokerTls.TRUST_STORE + " (deploy/activemq/README.md)");
        }
        if (!BrokerTls.from(k -> props.get(k, "")).isDefault() && !BrokerTls.usesTls(brokerUrl)) {
            warnings.add("jamsos.broker.tls.* is set but jamsos.broker.url has no ssl:// broker, so it is not used");
        }
        boolean serverOn = Boolean.parseBoolean(camel(props, "camel.server.enabled", "false"));
        boolean serverUsesSsl = Boolean.parseBoolean(camel(props, SERVER_USES_SSL, "false"));
        boolean sslEnabled = Boolean.parseBoolean(camel(props, "camel.ssl.enabled", "false"));
        String host = camel(props, "camel.server.host", "0.0.0.0");
        if (serverOn && !serverUsesSsl && !isLoopback(host)) {
            warnings.add("the claim callback and /ops are plain HTTP on " + host + ":" + props.get("camel.server.port", "")
                    + ": terminate TLS in front of the gateway, or set camel.ssl.* and " + SERVER_USES_SSL + "=true");
        }
        if (sslEnabled && !serverUsesSsl) {
            warnings.add("camel.ssl.* is set but the callback does not use it: set " + SERVER_USES_SSL + "=true");
        }
        return warnings;
    }

    /**
     * A Camel main setting as Camel will see it: from the settings, or else from Camel's own
     * environment variable (CAMEL_SSL_KEYSTOREPASSWORD for camel.ssl.keystorePassword), which Camel
     * reads even when the key is in no file.
     */
    private static String camel(GatewayProperties props, String key, String fallback) {
        String value = props.get(key, null);
        if (value == null) {
            value = System.getenv(GatewayProperties.envName(key));
        }
        return value == null ? fallback : value.trim();
    }

    private static void check(List<String> problems, Runnable open) {
        try {
            open.run();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private static String storeType(String configured) {
        return configured.isEmpty() ? KeyStore.getDefaultType() : configured;
    }

    private static URI uri(String value) {
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The host:port of each broker of {@code url} (of a failover list too) reached without TLS and not on this machine. */
    static List<String> plainRemoteBrokers(String url) {
        List<String> plain = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?i)\\b([a-z+]+)://(\\[[^\\]]*\\]|[^:/?,()]+)(:\\d+)?").matcher(url);
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            if (scheme.equals("vm") || scheme.contains("ssl")) {
                continue;
            }
            if (!isLoopback(m.group(2))) {
                plain.add(m.group(2) + (m.group(3) == null ? "" : m.group(3)));
            }
        }
        return plain;
    }

    /** Without a name lookup: "localhost" or a loopback address literal; any other name counts as remote. */
    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
