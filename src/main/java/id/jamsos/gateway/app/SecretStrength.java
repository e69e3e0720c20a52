package id.jamsos.gateway.app;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The strength part of {@code run}'s configuration check: the secrets that open the city's own doors
 * (the claim callback, which puts money on the finance queue, and the operator page) and the
 * personal-data keys must not be values anyone can read in this repository, nor guessable. Each
 * problem names the setting and its environment variable, never the value, not even a part of it.
 *
 * <p>Not checked for strength: the BPJS consumer secret and user_key (BPJS issues them, the city
 * cannot choose their length, and they only sign the gateway's own calls: a public demo value is
 * refused by BPJS itself, see {@code CredentialsAlarm}); passwords of the database and the broker
 * (their servers decide); {@code jamsos.pii.oldKeys} (a weak key must stay readable while the
 * rotation that replaces it re-encrypts its values). Every secret is still refused when it holds
 * a public placeholder ({@code change-me} of deploy/kubernetes/secret.yaml).
 *
 * <p>Only {@code run} checks this: the demo and the tests run on the demo's public values on
 * loopback, and the operator commands open no door.
 */
public final class SecretStrength {

    /** Characters an inbound secret needs at least: {@code openssl rand -base64 32} gives 44. */
    public static final int MIN_SECRET_CHARS = 32;
    /** Different characters it needs at least: 32 random base64 or hex characters have about 25 or 14. */
    public static final int MIN_SECRET_DISTINCT = 10;
    /** Different byte values a 32-byte key needs at least: 32 random bytes have about 30. */
    public static final int MIN_KEY_DISTINCT_BYTES = 16;

    /** The secrets that guard what the gateway serves, and are the city's own to choose. */
    static final List<String> INBOUND_SECRETS = List.of("jamsos.callback.secret", "jamsos.ops.token");

    /**
     * Values printed in this repository: the simulator's callback secret, consumer secret and
     * user_key, the demo's SFTP password, and the examples' placeholder. Written out rather than read
     * from the simulator and the demo, which are not in the production jar; SecretStrengthTest fails
     * when their values and this list part.
     */
    static final Set<String> PUBLIC_VALUES = Set.of(
            "demo-callback-secret",
            "demo-secret-change-me",
            "demo-user-key",
            "demo-sftp-password",
            "demo-registry-password",
            "change-me");
    /** Public values refused in any secret, also in those BPJS issues (no real one looks like it). */
    static final Set<String> PLACEHOLDERS = Set.of("change-me");

    private SecretStrength() {
    }

    /** What {@code run} refuses to start with; empty when every secret set is strong enough. */
    public static List<String> problems(GatewayProperties props) {
        List<String> problems = new ArrayList<>();
        for (ProductionSettings.Setting s : ProductionSettings.ALL) {
            String value = props.get(s.key(), "");
            if (s.secret() && !INBOUND_SECRETS.contains(s.key()) && PLACEHOLDERS.contains(value.trim())) {
                problems.add(named(s.key()) + " is the placeholder of the examples: set the real value");
            }
        }
        // Dukcapil issues the registry password, but the registry simulator's is printed here: a gateway
        // started with it is pointed at the simulator, or about to send a public value to the registry.
        if (PUBLIC_VALUES.contains(props.get("jamsos.registry.password", "").trim())) {
            problems.add(named("jamsos.registry.password") + " is a public value (the registry simulator's):"
                    + " set the password of the access agreement");
        }
        for (String key : INBOUND_SECRETS) {
            String value = props.get(key, "");
            if (!value.isEmpty()) {
                secretProblem(value).ifPresent(why -> problems.add(named(key) + " " + why
                        + "; generate one with: openssl rand -base64 32"));
            }
        }
        String hmac = props.get("jamsos.pii.hmacKey", "");
        keyProblem(hmac).ifPresent(why -> problems.add(named("jamsos.pii.hmacKey") + " " + why
                + "; generate one with: openssl rand -base64 32"));
        String current = props.get("jamsos.pii.encryptionKey", "");
        int colon = current.indexOf(':');
        if (colon > 0) {
            keyProblem(current.substring(colon + 1).trim()).ifPresent(why -> problems.add(
                    named("jamsos.pii.encryptionKey") + " " + why + "; generate one with: echo k2:$(openssl rand -base64 32)"
                            + " and keep the old one in JAMSOS_PII_OLDKEYS (docs/security.md, rotation)"));
        }
        return problems;
    }

    /** Why an inbound secret is too weak, in words that do not give it away; empty when it is not. */
    static Optional<String> secretProblem(String value) {
        if (PUBLIC_VALUES.contains(value.trim())) {
            return Optional.of("is a public value (the demo's or the examples'), known to anyone who reads them");
        }
        if (value.length() < MIN_SECRET_CHARS) {
            return Optional.of("is too short: " + value.length() + " characters, at least "
                    + MIN_SECRET_CHARS + " needed");
        }
        long distinct = value.chars().distinct().count();
        if (distinct < MIN_SECRET_DISTINCT) {
            return Optional.of("is too easy to guess: " + distinct + " different characters, at least "
                    + MIN_SECRET_DISTINCT + " needed");
        }
        return Optional.empty();
    }

    /**
     * Why a base64 key is too weak; empty when it is, and when it is not base64 at all or too short
     * (the form is {@link PersonalDataKeys}' finding, not repeated here).
     */
    static Optional<String> keyProblem(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (key.length < 32) {
            return Optional.empty();
        }
        long distinct = IntStream.range(0, key.length).map(i -> key[i]).distinct().count();
        if (distinct < MIN_KEY_DISTINCT_BYTES) {
            return Optional.of("is not random: its " + key.length + " bytes take " + distinct
                    + " different value(s), at least " + MIN_KEY_DISTINCT_BYTES + " needed (an all-zero key has 1)");
        }
        return Optional.empty();
    }

    private static String named(String key) {
        return key + " (" + GatewayProperties.envName(key) + ")";
    }
}
