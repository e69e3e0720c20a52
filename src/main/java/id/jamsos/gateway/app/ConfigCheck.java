package id.jamsos.gateway.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What `run` checks before it opens any connection: every jamsos.* key is one the gateway knows (a
 * typo would silently fall back to a default), the secrets production needs are set, the broker
 * and JDBC URLs have a usable shape, and the TLS key and trust stores open with their passwords. All
 * problems are reported at once. Also the masked dump of the settings logged at start.
 */
public final class ConfigCheck {

    /** Secrets without which the gateway cannot work at all. */
    static final List<String> REQUIRED_SECRETS = List.of("jamsos.bpjs.secret", "jamsos.callback.secret");

    private ConfigCheck() {
    }

    public static List<String> problems(GatewayProperties props) {
        Set<String> known = GatewayProperties.of(java.util.Map.of()).asProperties().stringPropertyNames();
        List<String> problems = new ArrayList<>();
        Properties all = props.asProperties();
        for (String key : new TreeSet<>(all.stringPropertyNames())) {
            if (key.startsWith("jamsos.") && !known.contains(key)) {
                problems.add("unknown setting " + key + " (misspelt? see jamsos-defaults.properties)");
            }
        }
        for (String secret : REQUIRED_SECRETS) {
            if (props.get(secret, "").isEmpty()) {
                problems.add("missing secret " + secret + " (set " + GatewayProperties.envName(secret) + ")");
            }
        }
        String broker = props.get("jamsos.broker.url", "");
        if (!brokerUrlOk(broker)) {
            problems.add("jamsos.broker.url is not a broker URL such as tcp://host:61616 or failover:(tcp://a:61616,tcp://b:61616)");
        }
        String jdbc = props.get("jamsos.ledger.url", "");
        if (!jdbc.startsWith("jdbc:postgresql://") && !jdbc.startsWith("jdbc:h2:")) {
            problems.add("jamsos.ledger.url must start with jdbc:postgresql:// or jdbc:h2:");
        }
        for (String key : List.of("camel.server.port", "jamsos.bpjs.batchSize", "jamsos.enroller.concurrency",
                "jamsos.ledger.poolSize")) {
            try {
                if (Integer.parseInt(props.get(key, "")) <= 0) {
                    problems.add(key + " must be a positive number");
                }
            } catch (NumberFormatException e) {
                problems.add(key + " must be a number");
            }
        }
        problems.addAll(TlsSettingsCheck.problems(props));
        return problems;
    }

    /** Settings that work but deserve an operator's look, such as plain HTTP off this machine; logged at start. */
    public static List<String> warnings(GatewayProperties props) {
        return TlsSettingsCheck.warnings(props);
    }

    static boolean brokerUrlOk(String url) {
        String u = url.trim();
        if (u.startsWith("failover:")) {
            String inner = u.substring("failover:".length());
            int q = inner.indexOf(")?");
            inner = inner.startsWith("(") ? inner.substring(1, q < 0 ? inner.lastIndexOf(')') : q) : inner;
            if (inner.isEmpty()) {
                return false;
            }
            for (String part : inner.split(",")) {
                if (!brokerUrlOk(part)) {
                    return false;
                }
            }
            return true;
        }
        try {
            URI uri = new URI(u);
            return Set.of("tcp", "ssl", "nio", "nio+ssl", "vm", "auto", "auto+ssl").contains(uri.getScheme())
                    && ("vm".equals(uri.getScheme()) || (uri.getHost() != null && uri.getPort() > 0));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Every setting, one per line, secrets shown as ****** (or "(empty)"). */
    public static List<String> maskedDump(GatewayProperties props) {
        Properties all = props.asProperties();
        List<String> lines = new ArrayList<>();
        for (String key : new TreeSet<>(all.stringPropertyNames())) {
            String value = all.getProperty(key).trim();
            if (GatewayProperties.isSecret(key)) {
                value = value.isEmpty() ? "(empty)" : "******";
            } else if (key.endsWith(".url")) {
                value = value.replaceAll("(?i)(password=)[^&;]*", "$1******").replaceAll("//([^/@:]+):[^/@]*@", "//$1:******@");
            }
            lines.add(key + "=" + value);
        }
        return lines;
    }
}
