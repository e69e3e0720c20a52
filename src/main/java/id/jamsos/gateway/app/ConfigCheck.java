package id.jamsos.gateway.app;

import id.jamsos.gateway.claims.SenderAllowList;
import id.jamsos.gateway.finance.FinanceSignature;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What `run` (and every command that opens the ledger) checks before it opens any connection: every
 * jamsos.* key is one the gateway knows (a typo would silently fall back to a default), the secrets
 * and settings production needs ({@link ProductionSettings}) are set, the personal-data keys have
 * their form, the broker and JDBC URLs have a usable shape, and the TLS key and trust stores open
 * with their passwords, and (for {@code run}) the secrets are strong enough ({@link SecretStrength}).
 * All problems are reported at once. Also the masked dump of the settings
 * logged at start.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** The problems {@code run} would stop on. */
    public static List<String> problems(GatewayProperties props) {
        return problems(props, ProductionSettings.GATEWAY);
    }

    /** The problems of a command that uses only {@code parts} of the gateway. */
    public static List<String> problems(GatewayProperties props, Set<ProductionSettings.Part> parts) {
        Set<String> known = GatewayProperties.of(java.util.Map.of()).asProperties().stringPropertyNames();
        List<String> problems = new ArrayList<>();
        Properties all = props.asProperties();
        for (String key : new TreeSet<>(all.stringPropertyNames())) {
            if (key.startsWith("jamsos.") && !known.contains(key)) {
                problems.add("unknown setting " + key + " (misspelt? see jamsos-defaults.properties)");
            }
        }
        for (ProductionSettings.Setting s : ProductionSettings.of(parts)) {
            if (s.requiredWith(props) && props.get(s.key(), "").isEmpty()) {
                problems.add(missing(s, props));
            }
        }
        if (parts.contains(ProductionSettings.Part.LEDGER)) {
            problems.addAll(PersonalDataKeys.problems(props));
        }
        if (parts.contains(ProductionSettings.Part.BROKER) && !brokerUrlOk(props.get("jamsos.broker.url", ""))) {
            problems.add("jamsos.broker.url is not a broker URL such as tcp://host:61616 or failover:(tcp://a:61616,tcp://b:61616)");
        }
        if (parts.contains(ProductionSettings.Part.BROKER)) {
            problems.addAll(TlsSettingsCheck.brokerProblems(props));
        }
        String jdbc = props.get("jamsos.ledger.url", "");
        if (parts.contains(ProductionSettings.Part.LEDGER) && !jdbc.isEmpty()
                && !jdbc.startsWith("jdbc:postgresql://") && !jdbc.startsWith("jdbc:h2:")) {
            problems.add("jamsos.ledger.url must start with jdbc:postgresql:// or jdbc:h2:");
        }
        List<String> numbers = parts.contains(ProductionSettings.Part.GATEWAY)
                ? List.of("camel.server.port", "jamsos.bpjs.batchSize", "jamsos.enroller.concurrency", "jamsos.ledger.poolSize")
                : List.of("jamsos.bpjs.batchSize");
        for (String key : numbers) {
            try {
                if (Integer.parseInt(props.get(key, "")) <= 0) {
                    problems.add(key + " must be a positive number");
                }
            } catch (NumberFormatException e) {
                problems.add(key + " must be a number");
            }
        }
        if (parts.contains(ProductionSettings.Part.GATEWAY)) {
            problems.addAll(TlsSettingsCheck.problems(props));
        }
        if (parts.contains(ProductionSettings.Part.GATEWAY)) {
            try {
                SenderAllowList.parse(props.get("jamsos.callback.allowedSenders", ""));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        // Only run: the demo's and the tests' public secrets are fine on loopback, and the operator
        // commands open no door a weak secret would guard.
        if (parts.contains(ProductionSettings.Part.GATEWAY)) {
            problems.addAll(SecretStrength.problems(props));
        }
        String signing = props.get("jamsos.finance.signingKey", "");
        String verify = props.get("jamsos.finance.verifyKey", "");
        if (parts.contains(ProductionSettings.Part.FINANCE) && !signing.isBlank() && !verify.isBlank()) {
            try {
                FinanceSignature.Signer.of(signing, verify);
                FinanceSignature.publicKeys(verify);
            } catch (IllegalArgumentException e) {
                // The message names the setting and the form expected, never the key.
                problems.add("jamsos.finance.signingKey / verifyKey: " + e.getMessage());
            }
        }
        return problems;
    }

    private static String missing(ProductionSettings.Setting s, GatewayProperties props) {
        String why = switch (s.when()) {
            case POSTGRESQL -> " (the ledger is PostgreSQL)";
            case REMOTE_BROKER -> " (the broker is not on this machine: it must ask for a login, see deploy/activemq)";
            case BROKER_LOGIN -> props.get("jamsos.broker.user", "").isEmpty()
                    ? " (the broker is not on this machine: it must ask for a login, see deploy/activemq)"
                    : " (jamsos.broker.user is set)";
            case REGISTRY_ENABLED -> " (jamsos.registry.enabled=true)";
            default -> "";
        };
        return s.secret()
                ? "missing secret " + s.key() + " (set " + s.env() + ")" + why + ": " + s.purpose()
                : "missing setting " + s.key() + " (in application.properties, or " + s.env() + ")" + why + ": "
                        + s.purpose();
    }

    /** Settings that work but deserve an operator's look, such as plain HTTP off this machine; logged at start. */
    public static List<String> warnings(GatewayProperties props) {
        return TlsSettingsCheck.warnings(props);
    }

    /** A URL as it may be printed: passwords in it (user:pw@ or password=...) replaced by ******. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;)]*", "$1******").replaceAll("//([^/@:]+):[^/@]*@", "//$1:******@");
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
                value = withoutPassword(value);
            }
            lines.add(key + "=" + value);
        }
        return lines;
    }
}
