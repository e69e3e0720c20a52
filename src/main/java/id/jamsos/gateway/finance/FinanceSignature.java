package id.jamsos.gateway.finance;

import id.jamsos.gateway.Headers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Signatures on the messages for finance (claims, review, statements). The broker is a trust
 * boundary: whoever can send to {@code jamsos.finance} could put a {@code CLAIM_PAID} there, so
 * every message the gateway publishes carries an Ed25519 signature that only the gateway's private
 * key ({@code jamsos.finance.signingKey}) makes and that finance checks with the public key
 * ({@code jamsos.finance.verifyKey}). Ed25519 rather than a shared HMAC key: the finance system holds
 * only what verifies, so neither it nor a leak of its configuration can make a message the gateway
 * did not. docs/finance.md, section "Signatures", is the consumer's description.
 *
 * <p>Signed bytes: {@code "jamsos-finance-v1\n" + messageType + "\n" + messageId + "\n"} followed by
 * the exact UTF-8 bytes of the body. The type and id are inside the signature so that a signed body
 * cannot be passed off under other routing properties; finance books from the verified body.
 * JMS properties: {@link Headers#SIGNATURE} (base64 signature) and {@link Headers#SIGNATURE_KEY} (the
 * key's id, the first 8 bytes of SHA-256 of the public key, hex) so that finance can keep an old key
 * during a change.
 *
 * <p>Keys are given as base64 of their standard encodings (PKCS#8 private, X.509 public), as the body
 * of {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} PEM files; PEM
 * header lines and white space are ignored.
 */
public final class FinanceSignature {

    private static final String PREFIX = "jamsos-finance-v1\n";

    /** What finance can say of a message. */
    public enum Verdict {
        /** Signed by a key finance holds, over exactly this type, id and body. */
        VALID,
        /** No signature at all. */
        UNSIGNED,
        /** A signature that does not verify, or by a key finance does not hold: not the gateway's. */
        FORGED
    }

    private FinanceSignature() {
    }

    /** The bytes signed for one message. */
    public static byte[] signedBytes(String messageType, String messageId, String body) {
        return (PREFIX + nz(messageType) + "\n" + nz(messageId) + "\n" + nz(body)).getBytes(StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A new key pair (the demo and the tests; production keys are made with openssl). */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(decode(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (base64 of PKCS#8, as openssl genpkey"
                    + " -algorithm ed25519 writes it)");
        }
    }

    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(decode(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 of X.509, as openssl pkey -pubout"
                    + " writes it)");
        }
    }

    /** One or more public keys, comma-separated (the current one and one being retired). */
    public static List<PublicKey> publicKeys(String text) {
        List<PublicKey> keys = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                keys.add(publicKey(part));
            }
        }
        return keys;
    }

    private static byte[] decode(String text) {
        StringBuilder b64 = new StringBuilder();
        for (String line : text.split("\\R|\\\\n")) {
            if (!line.startsWith("-----")) {
                b64.append(line.replaceAll("\\s", ""));
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    /** The id of a public key, as {@link Headers#SIGNATURE_KEY} carries it. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's side: signs with the private key; knows its public key to name it. */
    public static final class Signer {
        private final PrivateKey key;
        private final String keyId;

        /** Fails when the two keys are not a pair: a finance system given the wrong public key would refuse everything. */
        public Signer(PrivateKey key, PublicKey publicKey) {
            this.key = Objects.requireNonNull(key, "key");
            this.keyId = FinanceSignature.keyId(publicKey);
            byte[] probe = signedBytes("PROBE", "probe", "{}");
            if (!verifies(publicKey, probe, sign(probe))) {
                throw new IllegalArgumentException("jamsos.finance.verifyKey is not the public key of jamsos.finance.signingKey");
            }
        }

        public static Signer of(String signingKey, String verifyKey) {
            return new Signer(privateKey(signingKey), publicKey(verifyKey.split(",")[0]));
        }

        public String sign(String messageType, String messageId, String body) {
            return Base64.getEncoder().encodeToString(sign(signedBytes(messageType, messageId, body)));
        }

        private byte[] sign(byte[] bytes) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                s.update(bytes);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }

        public String keyId() {
            return keyId;
        }

        @Override
        public String toString() {
            return "FinanceSignature.Signer[key " + keyId + "]";
        }
    }

    /** Finance's side: verifies with the public keys it holds. */
    public static Verdict verify(List<PublicKey> keys, String messageType, String messageId, String body,
                                 String signature) {
        if (signature == null || signature.isBlank()) {
            return Verdict.UNSIGNED;
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        byte[] bytes = signedBytes(messageType, messageId, body);
        for (PublicKey k : keys) {
            if (verifies(k, bytes, sig)) {
                return Verdict.VALID;
            }
        }
        return Verdict.FORGED;
    }

    private static boolean verifies(PublicKey key, byte[] bytes, byte[] sig) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(bytes);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
