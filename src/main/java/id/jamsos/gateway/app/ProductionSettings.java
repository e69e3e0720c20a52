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
        GATEWAY
    }

    /** When an entry must be set. */
    public enum When {
        ALWAYS,
        /** The ledger is PostgreSQL (not the H2 file used for trying the gateway out). */
        POSTGRESQL,
        /** {@code jamsos.broker.user} is set: the broker asks for a login. */
        BROKER_LOGIN,
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
                case BROKER_LOGIN -> !props.get("jamsos.broker.user", "").isEmpty();
                case OPTIONAL -> false;
            };
        }
    }

    /** The parts {@code run} uses: all of them. */
    public static final Set<Part> GATEWAY = EnumSet.allOf(Part.class);
    /** The parts of {@code status} and {@code replay}. */
    public static final Set<Part> LEDGER_AND_BROKER = EnumSet.of(Part.LEDGER, Part.BROKER);
    /** The parts of {@code statement}: it also asks BPJS for the month's invoice. */
    public static final Set<Part> STATEMENT = EnumSet.of(Part.LEDGER, Part.BROKER, Part.BPJS);

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
            new Setting("jamsos.broker.user", false, Part.BROKER, When.OPTIONAL,
                    "broker login, when the broker asks for one"),
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
                    "operator secret for /ops; without it only /ops/health and /ops/ready answer"));

    private ProductionSettings() {
    }

    /** The entries {@code parts} use. */
    public static List<Setting> of(Set<Part> parts) {
        return ALL.stream().filter(s -> parts.contains(s.part())).toList();
    }
}
