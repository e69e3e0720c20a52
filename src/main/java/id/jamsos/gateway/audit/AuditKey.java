package id.jamsos.gateway.audit;

import id.jamsos.gateway.ledger.PersonalDataCipher;
import java.util.Base64;

/**
 * The key of the audit trail's HMAC chain: {@code jamsos.audit.hmacKey} (environment
 * JAMSOS_AUDIT_HMACKEY, base64 of 32 or more random bytes) when set, otherwise derived from the
 * personal-data lookup key with a label of its own ({@link PersonalDataCipher#derivedKey}). Both are
 * secrets of the gateway process; a key of its own lets the city give the trail a key that the database
 * administrators who may hold the personal-data keys do not (docs/audit.md). Like the lookup key it is
 * never changed once entries exist: the entries written under the old one would no longer verify.
 * Error messages name the setting, never its value.
 */
public final class AuditKey {

    public static final String SETTING = "jamsos.audit.hmacKey";
    /** The label of the derived key: changing it is changing the key. */
    static final String LABEL = "audit-trail-v1";

    private AuditKey() {
    }

    /**
     * What is wrong with a configured key, for the start's configuration check (named, never valued); empty
     * when it is unset or usable. Checked at start so that a bad key stops the start, not the first login.
     */
    public static java.util.List<String> problems(String configured) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty()) {
            return java.util.List.of();
        }
        try {
            decode(value);
            return java.util.List.of();
        } catch (IllegalStateException e) {
            return java.util.List.of(e.getMessage());
        }
    }

    public static byte[] of(String configured, PersonalDataCipher pii) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty()) {
            return pii.derivedKey(LABEL);
        }
        return decode(value);
    }

    private static byte[] decode(String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SETTING + " is not valid base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException(SETTING + " must be base64 of at least 32 random bytes");
        }
        return key;
    }
}
