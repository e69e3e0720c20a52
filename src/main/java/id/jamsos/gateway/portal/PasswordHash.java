package id.jamsos.gateway.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The clerks' portal passwords as {@code agencies.yaml} holds them: PBKDF2 with HMAC-SHA-256 from the JDK,
 * a random 16-byte salt per password and {@value #ITERATIONS} iterations, written as
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. The operators run
 * {@code jamsos portal-password} to get one; the password itself is never written anywhere.
 * A check recomputes the hash with the stored salt and iterations and compares in constant time.
 */
public final class PasswordHash {

    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about 0.3 s on a small server, per login. */
    static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new hash of {@code password}, with a salt of its own. */
    public static String of(char[] password) {
        return of(password, ITERATIONS);
    }

    static String of(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} is the one {@code stored} was made of; false for a malformed hash. */
    public static boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1_000 || iterations > 10_000_000 || expected.length != HASH_BITS / 8) {
                return false;
            }
            return MessageDigest.isEqual(expected, pbkdf2(password.toCharArray(), salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The work of a check for a user name nobody has: the same PBKDF2 against a fixed hash, so a
     * failed login takes as long whether the name exists or not.
     */
    public static void burn(String password) {
        matches(password == null ? "" : password, DUMMY);
    }

    private static final String DUMMY = PREFIX + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(
            "jamsos-no-user!!".getBytes(StandardCharsets.US_ASCII)) + "$" + Base64.getEncoder().encodeToString(new byte[32]);

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
