package id.jamsos.gateway.app;

import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the personal-data keys from the settings (in production from the environment:
 * JAMSOS_PII_HMACKEY, JAMSOS_PII_ENCRYPTIONKEY, JAMSOS_PII_OLDKEYS). Missing or malformed keys stop
 * the gateway at start: running without them would mean either plain NIKs or unreadable ones.
 * Error messages name the setting, never its value.
 */
public final class PersonalDataKeys {

    private PersonalDataKeys() {
    }

    /**
     * What is wrong with keys that are set, for the configuration check: a key the cipher would refuse
     * (too short, not base64, a bad key id), named by its setting. Missing keys are the check's own
     * finding ({@link ProductionSettings}).
     */
    public static List<String> problems(GatewayProperties props) {
        if (props.get("jamsos.pii.hmacKey", "").isEmpty() || props.get("jamsos.pii.encryptionKey", "").isEmpty()) {
            return List.of();
        }
        try {
            cipher(props);
            return List.of();
        } catch (IllegalStateException e) {
            return List.of(e.getMessage());
        }
    }

    public static PersonalDataCipher cipher(GatewayProperties props) {
        String hmac = props.get("jamsos.pii.hmacKey", "");
        String current = props.get("jamsos.pii.encryptionKey", "");
        if (hmac.isEmpty() || current.isEmpty()) {
            throw new IllegalStateException("jamsos.pii.hmacKey and jamsos.pii.encryptionKey must be set "
                    + "(environment JAMSOS_PII_HMACKEY, JAMSOS_PII_ENCRYPTIONKEY); see docs/security.md");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String old : props.get("jamsos.pii.oldKeys", "").split(",")) {
            if (!old.isBlank()) {
                put(keys, old.trim(), "jamsos.pii.oldKeys");
            }
        }
        String currentId = put(keys, current, "jamsos.pii.encryptionKey");
        try {
            return new PersonalDataCipher(decode(hmac, "jamsos.pii.hmacKey"), currentId, keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("personal-data keys: " + e.getMessage(), e);
        }
    }

    /** {@code <keyId>:<base64 of 32 bytes>}; returns the id. */
    private static String put(Map<String, byte[]> keys, String spec, String setting) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException(setting + " must be <keyId>:<base64 of 32 random bytes>");
        }
        String id = spec.substring(0, colon).trim();
        keys.put(id, decode(spec.substring(colon + 1).trim(), setting));
        return id;
    }

    private static byte[] decode(String base64, String setting) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not valid base64");
        }
    }

    /** Fresh random settings, for the demo and tests: {@code jamsos.pii.*} to value. */
    public static Map<String, String> random(String keyId) {
        java.security.SecureRandom r = new java.security.SecureRandom();
        byte[] h = new byte[32];
        byte[] e = new byte[32];
        r.nextBytes(h);
        r.nextBytes(e);
        return Map.of("jamsos.pii.hmacKey", Base64.getEncoder().encodeToString(h),
                "jamsos.pii.encryptionKey", keyId + ":" + Base64.getEncoder().encodeToString(e));
    }
}
