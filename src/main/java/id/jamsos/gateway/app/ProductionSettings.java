package id.jamsos.gateway.app;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a production gateway needs set, in one list: the secrets (always from the environment)
 * and the settings that have no usable default. {@link ConfigCheck} refuses to start without them,
 * and a test holds docs/operations.md, the systemd unit, the Kubernetes secret and config map and
 * config/application.properties to this list, so that a key added here and forgotten there fails the
 * build instead of the first installation.
 *
 * <p>Each entry names the part of the gateway that uses it, so that a command is only asked for
 * what it opens: {@code status} and {@code replay} reach the ledger and the broker, and must work on
 * an operator's machine that has no BPJS secret.
 */
public final class ProductionSettings {

    /** What a command connects to or serves. */
    public enum Part {
        /** The ledger database, and the personal-data keys without which its NIKs cannot be read. */
        LEDGER,
        BROKER,
        /** Calls to the BPJS endpoint (enrollment, claims pull, invoices). */
        BPJS,
        /** The claim callback BPJS calls, and the intake from the agencies. */
        GATEWAY,
        /** Publishing to finance: its messages are signed. */
        FINANCE,
        /** Calls to the population registry (Dukcapil), when jamsos.registry.enabled=true. */
        REGISTRY
    }

    /** When an entry must be set. */
    public enum When {
        ALWAYS,
        /** The ledger is PostgreSQL (not the H2 file used for trying the gateway out). */
        POSTGRESQL,
        /**
         * The broker is not in this process or on this machine ({@code jamsos.broker.url} names a host
         * other than a loopback address, or is not {@code vm://}): it must ask for a login, and the
         * gateway must have one. Only the demo's and the tests' embedded broker, on 127.0.0.1, goes without.
         */
        REMOTE_BROKER,
        /** {@code jamsos.broker.user} is set, or the broker is remote ({@link #REMOTE_BROKER}). */
        BROKER_LOGIN,
        /** The population registry is asked ({@code jamsos.registry.enabled=true}; off by default). */
        REGISTRY_ENABLED,
        /** Not needed to start; the table says what is lost without it. */
        OPTIONAL
    }

    /**
     * @param key     the setting, as in jamsos-defaults.properties
     * @param secret  true: set through the environment variable only, never in a file
     * @param part    the part of the gateway that uses it
     * @param when    when it must be set
     * @param purpose one line for the operator
     */
    public record Setting(String key, boolean secret, Part part, When when, String purpose) {

        /** The environment variable that sets it ({@code jamsos.bpjs.secret} -> {@code JAMSOS_BPJS_SECRET}). */
        public String env() {
            return GatewayProperties.envName(key);
        }

        /** Whether it must be set with these settings. */
        public boolean requiredWith(GatewayProperties props) {
            return switch (when) {
                case ALWAYS -> true;
                case POSTGRESQL -> props.get("jamsos.ledger.url", "").startsWith("jdbc:postgresql:");
                case REMOTE_BROKER -> remoteBroker(props.get("jamsos.broker.url", ""));
                case BROKER_LOGIN -> !props.get("jamsos.broker.user", "").isEmpty()
                        || remoteBroker(props.get("jamsos.broker.url", ""));
                case REGISTRY_ENABLED -> Boolean.parseBoolean(props.get("jamsos.registry.enabled", "false").trim());
                case OPTIONAL -> false;
            };
        }
    }

    /** The parts {@code run} uses: all of them. */
    public static final Set<Part> GATEWAY = EnumSet.allOf(Part.class);
    /** The parts of {@code status} and {@code replay}. */
    public static final Set<Part> LEDGER_AND_BROKER = EnumSet.of(Part.LEDGER, Part.BROKER);
    /** The parts of {@code statement}: it also asks BPJS for the month's invoice, and signs what it publishes. */
    public static final Set<Part> STATEMENT = EnumSet.of(Part.LEDGER, Part.BROKER, Part.BPJS, Part.FINANCE);

    public static final List<Setting> ALL = List.of(
            new Setting("jamsos.pii.hmacKey", true, Part.LEDGER, When.ALWAYS,
                    "base64 of 32 or more random bytes: the lookup hash of NIKs; never changed once rows exist"),
            new Setting("jamsos.pii.encryptionKey", true, Part.LEDGER, When.ALWAYS,
                    "<keyId>:<base64 of 32 random bytes>: encrypts NIKs, the kept enrollment requests and claim payloads (AES-256-GCM)"),
            new Setting("jamsos.pii.oldKeys", true, Part.LEDGER, When.OPTIONAL,
                    "after a key rotation: the previous <keyId>:<base64> keys, comma-separated, still readable"),
            new Setting("jamsos.ledger.url", false, Part.LEDGER, When.ALWAYS,
                    "jdbc:postgresql://HOST:5432/jamsos (the default H2 file is for trying the gateway out)"),
            new Setting("jamsos.ledger.user", false, Part.LEDGER, When.POSTGRESQL,
                    "the database user that owns the jamsos database"),
            // Not enforced: PostgreSQL may let the user in without one (certificate, ~/.pgpass, trust on a
            // private network). A wrong or missing one is then the database's refusal, one line, exit 2.
            new Setting("jamsos.ledger.password", true, Part.LEDGER, When.OPTIONAL,
                    "that user's password, unless PostgreSQL lets the user in otherwise (certificate, ~/.pgpass)"),
            new Setting("jamsos.broker.url", false, Part.BROKER, When.ALWAYS,
                    "the ActiveMQ Classic broker, e.g. failover:(tcp://mq1:61616,tcp://mq2:61616)"),
            new Setting("jamsos.broker.user", false, Part.BROKER, When.REMOTE_BROKER,
                    "the gateway's broker login (jamsos-gateway in deploy/activemq/activemq.xml)"),
            new Setting("jamsos.broker.password", true, Part.BROKER, When.BROKER_LOGIN,
                    "the broker login's password"),
            new Setting("jamsos.bpjs.url", false, Part.BPJS, When.ALWAYS,
                    "the BPJS Ketenagakerjaan endpoint (https://...)"),
            new Setting("jamsos.bpjs.consId", false, Part.BPJS, When.ALWAYS,
                    "the consumer id BPJS issued to the city (X-cons-id)"),
            new Setting("jamsos.bpjs.secret", true, Part.BPJS, When.ALWAYS,
                    "the consumer secret BPJS issued with it (signs every request; never sent)"),
            new Setting("jamsos.bpjs.userKey", true, Part.BPJS, When.ALWAYS,
                    "the user_key BPJS issued for the enrollment service"),
            new Setting("jamsos.callback.consId", false, Part.GATEWAY, When.ALWAYS,
                    "the consumer id BPJS signs claim callbacks with"),
            new Setting("jamsos.callback.secret", true, Part.GATEWAY, When.ALWAYS,
                    "the secret BPJS signs claim callbacks with"),
            new Setting("jamsos.agencies.file", false, Part.GATEWAY, When.ALWAYS,
                    "agencies.yaml: the agencies' SFTP inboxes"),
            new Setting("jamsos.work.dir", false, Part.GATEWAY, When.ALWAYS,
                    "a writable folder for local copies of files being read and reports being written"),
            new Setting("jamsos.ops.token", true, Part.GATEWAY, When.OPTIONAL,
                    "operator secret for /ops; without it only /ops/health and /ops/ready answer"),
            new Setting("jamsos.finance.signingKey", true, Part.FINANCE, When.ALWAYS,
                    "Ed25519 private key, base64 of PKCS#8 (openssl genpkey -algorithm ed25519): signs every message to finance"),
            new Setting("jamsos.finance.verifyKey", false, Part.FINANCE, When.ALWAYS,
                    "its public key, base64 of X.509 (openssl pkey -pubout), which the finance system holds to verify"),
            new Setting("jamsos.registry.url", false, Part.REGISTRY, When.REGISTRY_ENABLED,
                    "the population registry's CALL_VERIFY_BY_ELEMEN service on the private network (docs/registry-api.md)"),
            new Setting("jamsos.registry.userId", false, Part.REGISTRY, When.REGISTRY_ENABLED,
                    "USER_ID of the access agreement with Dukcapil"),
            new Setting("jamsos.registry.password", true, Part.REGISTRY, When.REGISTRY_ENABLED,
                    "PASSWORD of that user (sent in the body of every call, never logged)"),
            new Setting("jamsos.registry.ipUser", false, Part.REGISTRY, When.REGISTRY_ENABLED,
                    "IP_USER: the gateway's address as registered with Dukcapil"));

    private ProductionSettings() {
    }

    /**
     * Whether the broker URL reaches a broker off this machine: any host of it (of each in a
     * {@code failover:(…)} list) that is not a loopback name or address; {@code vm://} is in-process.
     */
    public static boolean remoteBroker(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\b(?!vm:)[a-z+]+://(\\[[^\\]]*\\]|[^:/?,()]+)")
                .matcher(url);
        while (m.find()) {
            String host = m.group(1).replace("[", "").replace("]", "");
            if (!(host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1"))) {
                return true;
            }
        }
        return false;
    }

    /** The entries {@code parts} use. */
    public static List<Setting> of(Set<Part> parts) {
        return ALL.stream().filter(s -> parts.contains(s.part())).toList();
    }
}
