package id.jamsos.gateway.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Values as the gateway wrote them before ciphertexts were bound to their row: {@code <keyId>:} and
 * base64url(IV || AES-256-GCM without associated data). Written here by hand, not by the cipher under
 * test, so that the tests hold the new code to what older ledgers really contain.
 */
public final class UnboundCiphertexts {

    /** The key of {@link PersonalDataCipher#forTests()}. */
    public static final byte[] TEST_KEY = "jamsos-test-only-aes-key-32bytes".getBytes(StandardCharsets.US_ASCII);

    private UnboundCiphertexts() {
    }

    public static String encrypt(String keyId, byte[] key, String plain) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return keyId + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    /** Under the test key, as {@link PersonalDataCipher#forTests()} wrote it before binding. */
    public static String forTests(String plain) throws Exception {
        return encrypt("test", TEST_KEY, plain);
    }
}
