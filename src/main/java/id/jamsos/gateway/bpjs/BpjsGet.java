package id.jamsos.gateway.bpjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A signed GET on the BPJS-style endpoint that reads the envelope: the claims listing and the
 * invoice use it. Any failure (unreachable, non-200 status, non-200 metaData) is a
 * {@link BpjsCallException}; the callers retry on their next schedule.
 *
 * <p>A key repeated in an answer is refused, not read last-wins: the invoice and the claims listing
 * are money, and a repeated {@code klaim} or {@code response} would silently drop what came first (the
 * pull's watermark would then move past claims it never saw). A claim of the listing keeps its own
 * repeated keys ({@code claims.RawClaim}): that claim alone goes to review, the others are taken.
 */
public final class BpjsGet {

    private final String base;
    private final String consId;
    private final String secret;
    private final String userKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    public BpjsGet(String baseUrl, String consId, String secret, String userKey, Duration connectTimeout,
                   Duration requestTimeout, ObjectMapper json, Clock clock, BpjsTls tls) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.consId = consId;
        this.secret = secret;
        this.userKey = userKey == null || userKey.isEmpty() ? null : userKey;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.clock = clock;
        this.http = BpjsHttp.client(connectTimeout, tls);
    }

    /** GET {@code path} with the query parameters; the envelope's {@code response}, never null. */
    public <T> T get(String path, Map<String, String> query, TypeReference<Envelope<T>> type) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + q))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET();
        BpjsHttp.signed(request, consId, secret, userKey, clock.instant().getEpochSecond());
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BpjsCallException("GET " + path + ": " + BpjsHttp.failure(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BpjsCallException("GET " + path + ": interrupted", e);
        }
        Envelope<T> envelope;
        try {
            envelope = json.readerFor(type).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readValue(response.body());
        } catch (IOException e) {
            throw new BpjsCallException("GET " + path + ": HTTP " + response.statusCode() + " with no readable envelope"
                    + repeatedKey(e), e);
        }
        if (response.statusCode() != 200 || envelope.metaData() == null || !envelope.metaData().isOk()
                || envelope.response() == null) {
            String code = envelope.metaData() == null ? "?" : envelope.metaData().code();
            String message = envelope.metaData() == null ? "" : envelope.metaData().message();
            throw new BpjsCallException("GET " + path + ": HTTP " + response.statusCode() + ", metaData " + code + " "
                    + message, null);
        }
        return envelope.response();
    }

    /** Names a repeated key (Jackson says "Duplicate field 'x'"); nothing else of the answer is quoted. */
    private static String repeatedKey(IOException e) {
        // Thrown by the parser, and wrapped with its path when a record was being read.
        if (e instanceof JsonProcessingException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate field")) {
            String said = NikMask.scrub(read.getOriginalMessage());
            return ": a key sent twice (" + (said.length() > 80 ? said.substring(0, 80) + "..." : said) + ")";
        }
        return "";
    }

    /** A GET the endpoint did not answer with a usable envelope. */
    public static final class BpjsCallException extends RuntimeException {
        public BpjsCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
