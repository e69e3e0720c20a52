package id.jamsos.gateway.bpjs;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The BPJS bridging request signature: {@code X-signature = Base64(HMAC-SHA256(key = secret,
 * message = consId + "&" + timestamp))}, timestamp in Unix seconds. The secret never travels;
 * both sides recompute the signature from the cons-id and timestamp headers.
 *
 * <p>That scheme signs no body: whoever captures the headers of one request may send them with
 * another body for as long as the timestamp window lasts. The claim callback therefore uses
 * version 2 ({@link #signBody}): the message is {@code consId + "&" + timestamp + "&" +
 * base64url(SHA-256(body))} (no padding), so the signature holds only for the exact bytes sent.
 * Requests to BPJS keep BPJS's own version 1 ({@link #headers}).
 */
public final class BpjsSignature {

    public static final String CONS_ID = "X-cons-id";
    public static final String TIMESTAMP = "X-timestamp";
    public static final String SIGNATURE = "X-signature";
    public static final String USER_KEY = "user_key";

    private static final String HMAC = "HmacSHA256";

    private BpjsSignature() {
    }

    public static String sign(String consId, long timestampSeconds, String secret) {
        Objects.requireNonNull(consId, "consId");
        return hmacBase64(consId + "&" + timestampSeconds, secret);
    }

    /**
     * Signature version 2, binding the body: HMAC-SHA256 over {@code consId&timestamp&bodyDigest}
     * with {@code bodyDigest = base64url(SHA-256(body))} without padding; an empty body is the
     * digest of zero bytes.
     */
    public static String signBody(String consId, long timestampSeconds, String secret, byte[] body) {
        Objects.requireNonNull(consId, "consId");
        return hmacBase64(consId + "&" + timestampSeconds + "&" + bodyDigest(body), secret);
    }

    /** base64url (no padding) of the SHA-256 of {@code body}; null counts as empty. */
    public static String bodyDigest(byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must ship SHA-256, so this is a broken JRE, not a bad input.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The headers of a version-2 (body-bound) request such as a claim callback; {@code userKey} may be null. */
    public static Map<String, String> bodyHeaders(String consId, String secret, String userKey, long timestampSeconds,
                                                  byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONS_ID, consId);
        headers.put(TIMESTAMP, Long.toString(timestampSeconds));
        headers.put(SIGNATURE, signBody(consId, timestampSeconds, secret, body));
        if (userKey != null) {
            headers.put(USER_KEY, userKey);
        }
        return headers;
    }

    public static String hmacBase64(String message, String key) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(key, "key");
        try {
            // A Mac is not thread-safe and cheap enough to create per call.
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC));
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java platform must ship HmacSHA256, so this is a broken JRE, not a bad input.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Compares two signatures in constant time so the answer time leaks nothing about the secret. */
    public static boolean matches(String expectedBase64, String givenBase64) {
        if (expectedBase64 == null || givenBase64 == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expectedBase64.getBytes(StandardCharsets.UTF_8),
                givenBase64.getBytes(StandardCharsets.UTF_8));
    }

    /** The four headers a signed request carries; {@code userKey} may be null to leave it out. */
    public static Map<String, String> headers(String consId, String secret, String userKey, long timestampSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONS_ID, consId);
        headers.put(TIMESTAMP, Long.toString(timestampSeconds));
        headers.put(SIGNATURE, sign(consId, timestampSeconds, secret));
        if (userKey != null) {
            headers.put(USER_KEY, userKey);
        }
        return headers;
    }
}
