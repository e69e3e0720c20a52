package id.jamsos.gateway.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How personal data sits in the ledger (UU 27/2022): a NIK is stored as a keyed hash for lookups
 * (HMAC-SHA256, so that without the key nobody can test a guessed NIK against the table, which a
 * plain hash of a 16-digit number with a known structure would allow in minutes) plus an AES-256-GCM
 * ciphertext for the few places that need it back (the agency's own reports, requests to BPJS).
 *
 * <p>Ciphertexts are {@code v2.<keyId>:<base64url(iv || ciphertext+tag)>} with a random 96-bit IV per
 * value: the key id beside each value lets keys rotate, new values under the current key and old
 * ones still readable with the old keys until re-encrypted. Each value is bound to where it lives
 * ({@link CipherContext}, GCM's associated data), so a ciphertext copied to another row or column
 * does not decrypt there. Values from before that binding ({@code <keyId>:…}, no {@code v2.}) are
 * still read, without context, until the start-up pass rewrites them ({@link PersonalDataMigration}).
 * Hashes and ciphertexts are base64url, so they never hold a run of 16 digits that a log or database
 * scanner would take for a NIK.
 *
 * <p>Thread-safe; {@link Cipher} and {@link Mac} instances are made per call.
 */
public final class PersonalDataCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Marks an encrypted free-text column (payload, request JSON), which may hold ':' itself. */
    static final String TEXT_PREFIX = "enc:";
    /**
     * Marks a value bound to its place ({@link CipherContext}); values without it were written before
     * binding. '.' is in neither a key id nor base64url, so no older value can begin with it.
     */
    static final String BOUND = "v2.";

    private final byte[] hmacKey;
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param hmacKey       at least 32 bytes; changing it makes every stored hash unfindable, so it is
     *                      not rotated like the encryption key (see docs/security.md)
     * @param currentKeyId  id of the key new values are encrypted with
     * @param encryptionKeys key id to 32-byte AES key, the current one and any old ones still readable
     */
    public PersonalDataCipher(byte[] hmacKey, String currentKeyId, Map<String, byte[]> encryptionKeys) {
        if (hmacKey == null || hmacKey.length < 32) {
            throw new IllegalArgumentException("the PII HMAC key must be at least 32 bytes");
        }
        this.hmacKey = hmacKey.clone();
        Map<String, SecretKeySpec> k = new LinkedHashMap<>();
        encryptionKeys.forEach((id, bytes) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a PII key id must be 1-16 letters, digits, '_' or '-'");
            }
            if (bytes == null || bytes.length != 32) {
                throw new IllegalArgumentException("PII encryption key " + id + " must be 32 bytes (AES-256)");
            }
            k.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        if (!k.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("no PII encryption key with id " + currentKeyId);
        }
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(k);
    }

    /**
     * A fixed, public key pair for tests and tools that build a ledger by hand. Never for real data:
     * the gateway itself always uses configured keys.
     */
    public static PersonalDataCipher forTests() {
        byte[] h = "jamsos-test-only-hmac-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] e = "jamsos-test-only-aes-key-32bytes".getBytes(StandardCharsets.US_ASCII);
        return new PersonalDataCipher(h, "test", Map.of("test", e));
    }

    /**
     * A 32-byte key for another purpose, derived from the lookup key: HMAC-SHA256 under it of a fixed
     * prefix and {@code label} (letters, so never a NIK's hash). The audit trail's chain uses it when
     * {@code jamsos.audit.hmacKey} is not set; like the lookup key it never changes once data exists.
     */
    public byte[] derivedKey(String label) {
        if (label == null || label.isBlank() || label.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a derived key needs a label that is not a number");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return mac.doFinal(("jamsos derived key\u0000" + label).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The lookup key of a NIK: same NIK, same hash; null stays null. */
    public String hash(String nik) {
        if (nik == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(nik.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /**
     * The value encrypted under the current key and bound to {@code where}: it decrypts only with the
     * same context, so a copy in another row or column does not open.
     */
    public String encrypt(String plain, CipherContext where) {
        Objects.requireNonNull(where, "where");
        if (plain == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(where.associatedData());
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return BOUND + currentKeyId + ":" + B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Encrypts a whole stream (a clerk's upload: a worker list) under the current key, bound to
     * {@code where}, as it is read: the key id's length and bytes, the IV, then AES-GCM's ciphertext and
     * tag. {@link #decrypt(java.io.InputStream, CipherContext)} reads it back.
     */
    public java.io.InputStream encrypt(java.io.InputStream plain, CipherContext where) {
        Objects.requireNonNull(where, "where");
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(where.associatedData());
            byte[] id = currentKeyId.getBytes(StandardCharsets.UTF_8);
            byte[] header = ByteBuffer.allocate(2 + id.length + IV_BYTES).putShort((short) id.length).put(id).put(iv)
                    .array();
            return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header),
                    new javax.crypto.CipherInputStream(plain, c));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** How many bytes {@link #encrypt(java.io.InputStream, CipherContext)} makes of {@code plainBytes}. */
    public long sealedLength(long plainBytes) {
        return 2 + currentKeyId.getBytes(StandardCharsets.UTF_8).length + IV_BYTES + plainBytes + TAG_BITS / 8;
    }

    /**
     * The plain bytes of a stream {@link #encrypt(java.io.InputStream, CipherContext)} wrote under
     * {@code where}. A wrong key, an altered byte or another place fails when the stream ends (GCM checks
     * its tag last; the JDK holds the ciphertext until then, so keep such streams to upload size).
     */
    public java.io.InputStream decrypt(java.io.InputStream sealed, CipherContext where) throws java.io.IOException {
        Objects.requireNonNull(where, "where");
        java.io.DataInputStream in = new java.io.DataInputStream(sealed);
        int idLength = in.readUnsignedShort();
        if (idLength == 0 || idLength > 64) {
            throw new LedgerException("an encrypted stream has no key id");
        }
        String keyId = new String(in.readNBytes(idLength), StandardCharsets.UTF_8);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new LedgerException("no PII key with id " + keyId + " is configured (jamsos.pii.oldKeys)");
        }
        byte[] iv = in.readNBytes(IV_BYTES);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(where.associatedData());
            return new javax.crypto.CipherInputStream(in, c);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plain value; fails (without quoting the value) on an unknown key id, a tampered value, or a
     * bound value read under another context than it was written with (moved from another row or
     * column). A value written before binding existed (no {@code v2.}) is read without context until
     * {@link PersonalDataMigration} rewrites it.
     */
    public String decrypt(String stored, CipherContext where) {
        Objects.requireNonNull(where, "where");
        if (stored == null) {
            return null;
        }
        boolean bound = stored.startsWith(BOUND);
        String rest = bound ? stored.substring(BOUND.length()) : stored;
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new LedgerException("an encrypted value has no key id");
        }
        SecretKeySpec key = keys.get(rest.substring(0, colon));
        if (key == null) {
            throw new LedgerException("no PII key with id " + rest.substring(0, colon)
                    + " is configured (jamsos.pii.oldKeys)");
        }
        try {
            byte[] all = B64D.decode(rest.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            if (bound) {
                c.updateAAD(where.associatedData());
            }
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LedgerException("an encrypted value could not be decrypted (wrong key or altered)", e);
        }
    }

    /**
     * True when the value should be written again: under an older key, or from before values were
     * bound to their place.
     */
    public boolean isStale(String stored) {
        return stored != null && !stored.startsWith(currentPrefix());
    }

    /** How every value written now begins; anything else is stale ({@link PersonalDataMigration}). */
    String currentPrefix() {
        return BOUND + currentKeyId + ":";
    }

    /** For free-text columns that used to hold plain text: marks the value so old rows stay readable. */
    public String encryptText(String plain, CipherContext where) {
        return plain == null ? null : TEXT_PREFIX + encrypt(plain, where);
    }

    /** A free-text column's value: decrypted when marked, as stored when it predates encryption. */
    public String decryptText(String stored, CipherContext where) {
        if (stored == null || !stored.startsWith(TEXT_PREFIX)) {
            return stored;
        }
        return decrypt(stored.substring(TEXT_PREFIX.length()), where);
    }

    /** True when a free-text value should be written again: plain, under an older key, or unbound. */
    public boolean isStaleText(String stored) {
        return stored != null && !stored.startsWith(TEXT_PREFIX + currentPrefix());
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    @Override
    public String toString() {
        // Never the keys.
        return "PersonalDataCipher[current=" + currentKeyId + ", keys=" + keys.keySet() + "]";
    }

}
