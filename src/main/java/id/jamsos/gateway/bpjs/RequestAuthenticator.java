package id.jamsos.gateway.bpjs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks the BPJS bridging headers of an incoming request: used by the simulator for the
 * enrollment API and by the gateway for the claim callback.
 *
 * <p>Order of checks: headers present, cons-id, user_key (when configured), timestamp within the
 * window, signature, replay. The timestamp goes before the signature so a stale request is
 * reported as stale even when it was signed correctly, which is what an operator needs to see
 * (a clock problem, not a key problem).
 *
 * <p>Two signature versions (see {@link BpjsSignature}): version 1 over {@code consId&timestamp},
 * BPJS's own, for the simulator's enrollment API; version 2 ({@code bodyBound}) over
 * {@code consId&timestamp&base64url(SHA-256(body))}, for the claim callback. Version 1 signs no
 * body, so captured headers could carry another body within the window; there is no transition
 * flag that accepts version 1 on the callback, as accepting it would keep that hole open.
 *
 * <p>Replay protection: a replay is the same request again, so the key is the signed headers
 * plus a SHA-256 digest of the body (BPJS signs every claim of one second alike under version 1).
 * The key is remembered by a {@link ReplayGuard} until the timestamp leaves the window: in this
 * process ({@link #inMemory}) for the simulator, in the ledger for the gateway, so that a request
 * accepted by one replica is refused by every other. Off ({@code null}) where identical requests
 * are legitimate, as an enrollment retry is.
 *
 * <p>Thread-safe.
 */
public final class RequestAuthenticator {

    /** The outcome of {@link #verify}: {@code code} is "200" when ok, otherwise a refusal code. */
    public record Verdict(boolean ok, String code, String messageEn, String messageId) {

        public static final String OK_CODE = "200";
        public static final String BAD_SIGNATURE = "401";
        public static final String BAD_USER_KEY = "403";
        public static final String REPLAY = "409";
        public static final String STALE_TIMESTAMP = "419";

        static final Verdict OK = new Verdict(true, OK_CODE, "OK", "OK");

        static Verdict refuse(String code, String en, String id) {
            return new Verdict(false, code, en, id);
        }

        /** English and Indonesian together, the way the envelope message carries it. */
        public String message() {
            return messageEn.equals(messageId) ? messageEn : messageEn + " / " + messageId;
        }
    }

    /**
     * Remembers replay keys: true the first time a key is offered while it is useful, false after.
     * Must be atomic across every caller that shares it (all replicas, for the callback).
     */
    @FunctionalInterface
    public interface ReplayGuard {
        /**
         * @param key         fixed-length digest of the request (43 characters)
         * @param usefulUntil epoch second after which the key may be forgotten (the window has passed)
         * @param now         epoch second now
         */
        boolean firstSighting(String key, long usefulUntil, long now);
    }

    private final String consId;
    private final String secret;
    private final String userKey;
    private final long windowSeconds;
    private final Clock clock;
    private final ReplayGuard replay;
    private final boolean bodyBound;

    /**
     * @param userKey         the expected user_key, or null to not check it (e.g. callbacks)
     * @param window          how far the request timestamp may be from our clock, either way
     * @param replayCacheSize how many recent requests to remember; 0 turns replay checks off
     */
    public RequestAuthenticator(String consId, String secret, String userKey, Duration window, Clock clock,
            int replayCacheSize) {
        this(consId, secret, userKey, window, clock, replayCacheSize == 0 ? null : inMemory(replayCacheSize), false);
    }

    /**
     * @param userKey   the expected user_key, or null to not check it (e.g. callbacks)
     * @param window    how far the request timestamp may be from our clock, either way
     * @param replay    where replay keys are remembered; null turns replay checks off
     * @param bodyBound true for signature version 2 (over the body too), false for BPJS's version 1
     */
    public RequestAuthenticator(String consId, String secret, String userKey, Duration window, Clock clock,
            ReplayGuard replay, boolean bodyBound) {
        this.consId = Objects.requireNonNull(consId, "consId");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.userKey = userKey;
        this.windowSeconds = Objects.requireNonNull(window, "window").toSeconds();
        if (windowSeconds < 0) {
            throw new IllegalArgumentException("window must not be negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replay = replay;
        this.bodyBound = bodyBound;
    }

    /**
     * A guard in this process's memory, at most {@code size} keys: when more distinct requests than
     * that arrive within one window, the oldest are forgotten early. Replicas do not share it.
     */
    public static ReplayGuard inMemory(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive");
        }
        LinkedHashMap<String, Long> seen = new LinkedHashMap<>(Math.min(size, 1024) + 1, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > size;
            }
        };
        return (key, usefulUntil, now) -> {
            synchronized (seen) {
                // Arrival order is close to timestamp order: stop at the first live entry. A few
                // dead ones may linger until the size bound evicts them (memory only: the window
                // check refuses them first).
                Iterator<Long> it = seen.values().iterator();
                while (it.hasNext() && it.next() < now) {
                    it.remove();
                }
                return seen.putIfAbsent(key, usefulUntil) == null;
            }
        };
    }

    /**
     * For callers without replay checks ({@code replayCacheSize == 0}), which do not need the body.
     *
     * @throws IllegalStateException when replay checks are on: they need the body, see
     *                               {@link #verify(Function, byte[])}
     */
    public Verdict verify(Function<String, String> header) {
        if (replay != null || bodyBound) {
            // Without the body every request of one second would share one key: genuine ones refused.
            throw new IllegalStateException("replay checks are on: verify(header, body) must be given the body");
        }
        return verify(header, null);
    }

    /**
     * @param header looks up a request header by name (case-insensitively, as HTTP headers are)
     * @param body   the request body exactly as received (null or empty for none); part of the
     *               replay key, so required when replay checks are on
     */
    public Verdict verify(Function<String, String> header, byte[] body) {
        String givenConsId = trimmed(header.apply(BpjsSignature.CONS_ID));
        String givenTimestamp = trimmed(header.apply(BpjsSignature.TIMESTAMP));
        String givenSignature = trimmed(header.apply(BpjsSignature.SIGNATURE));
        if (givenConsId == null || givenTimestamp == null || givenSignature == null) {
            return Verdict.refuse(Verdict.BAD_SIGNATURE,
                    "Missing X-cons-id, X-timestamp or X-signature header",
                    "Header X-cons-id, X-timestamp atau X-signature tidak ada");
        }
        if (!BpjsSignature.matches(consId, givenConsId)) {
            return Verdict.refuse(Verdict.BAD_SIGNATURE, "Unknown consumer id", "Consumer id tidak dikenal");
        }
        if (userKey != null && !BpjsSignature.matches(userKey, trimmed(header.apply(BpjsSignature.USER_KEY)))) {
            return Verdict.refuse(Verdict.BAD_USER_KEY, "Invalid user_key", "user_key tidak valid");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(givenTimestamp);
        } catch (NumberFormatException e) {
            return Verdict.refuse(Verdict.STALE_TIMESTAMP,
                    "X-timestamp must be Unix seconds", "X-timestamp harus berupa detik Unix");
        }
        long now = clock.instant().getEpochSecond();
        if (!withinWindow(timestamp, now)) {
            return Verdict.refuse(Verdict.STALE_TIMESTAMP,
                    "X-timestamp is outside the allowed window of " + windowSeconds + " s",
                    "X-timestamp di luar batas waktu " + windowSeconds + " detik");
        }
        String expected = bodyBound ? BpjsSignature.signBody(consId, timestamp, secret, body)
                : BpjsSignature.sign(consId, timestamp, secret);
        if (!BpjsSignature.matches(expected, givenSignature)) {
            return Verdict.refuse(Verdict.BAD_SIGNATURE, "Invalid signature", "Signature tidak valid");
        }
        if (replay != null && !replay.firstSighting(sha256((givenConsId + "&" + timestamp + "&" + givenSignature
                + "&" + sha256(body)).getBytes(StandardCharsets.UTF_8)), usefulUntil(timestamp), now)) {
            return Verdict.refuse(Verdict.REPLAY, "Request already received (replay)",
                    "Permintaan sudah pernah diterima (replay)");
        }
        return Verdict.OK;
    }

    /**
     * Exact arithmetic on purpose: a plain {@code Math.abs(now - timestamp)} wraps for a timestamp
     * such as {@code now + Long.MIN_VALUE} to a negative number, and that header would pass.
     */
    private boolean withinWindow(long timestamp, long now) {
        try {
            return Math.absExact(Math.subtractExact(now, timestamp)) <= windowSeconds;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** The window's end for this timestamp, saturated rather than wrapped. */
    private long usefulUntil(long timestamp) {
        try {
            return Math.addExact(timestamp, windowSeconds);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String sha256(byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    digest.digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must ship SHA-256, so this is a broken JRE, not a bad input.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String t = value.trim();
        return t.isEmpty() ? null : t;
    }
}
