package id.jamsos.gateway.enrollment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.EnrollmentBatchRequest;
import id.jamsos.gateway.bpjs.EnrollmentBatchResult;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.bpjs.Envelope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Calls the BPJS-style endpoint: signs every request, reads the metaData envelope rather than
 * trusting the HTTP status alone, and sorts failures into transient (retry) and permanent (park).
 * One JDK HttpClient is shared, so connections are pooled and kept alive across batches.
 */
public final class BpjsClient {

    private static final TypeReference<Envelope<EnrollmentBatchResult>> BATCH_ANSWER = new TypeReference<>() {
    };

    /** metaData codes of the signature check (docs/bpjs-api.md, section 1), whatever the HTTP status. */
    private static final Set<String> CREDENTIAL_CODES = Set.of("401", "403", "419");

    private final URI batchUri;
    private final String consId;
    private final String secret;
    private final String userKey;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final SlidingWindowRateLimiter rateLimiter;
    private final CredentialsAlarm credentials;

    /** A client with neither circuit breaker nor rate limit: for tools and tests. */
    public BpjsClient(String baseUrl, String consId, String secret, String userKey,
                      Duration connectTimeout, Duration requestTimeout, ObjectMapper json, Clock clock) {
        this(baseUrl, consId, secret, userKey, connectTimeout, requestTimeout, json, clock, BpjsTls.none());
    }

    /** A client with neither circuit breaker nor rate limit, with TLS settings: for tools and tests. */
    public BpjsClient(String baseUrl, String consId, String secret, String userKey,
                      Duration connectTimeout, Duration requestTimeout, ObjectMapper json, Clock clock, BpjsTls tls) {
        this(baseUrl, consId, secret, userKey, connectTimeout, requestTimeout, json, clock,
                unguarded(), new SlidingWindowRateLimiter(0, 0), tls);
    }

    public BpjsClient(String baseUrl, String consId, String secret, String userKey,
                      Duration connectTimeout, Duration requestTimeout, ObjectMapper json, Clock clock,
                      CircuitBreaker breaker, SlidingWindowRateLimiter rateLimiter, BpjsTls tls) {
        this(baseUrl, consId, secret, userKey, connectTimeout, requestTimeout, json, clock, breaker, rateLimiter, tls,
                new CredentialsAlarm(consId, Duration.ofSeconds(30), 0, clock));
    }

    /** {@code credentials}: holds deliveries back while BPJS refuses the credentials, and says so. */
    public BpjsClient(String baseUrl, String consId, String secret, String userKey,
                      Duration connectTimeout, Duration requestTimeout, ObjectMapper json, Clock clock,
                      CircuitBreaker breaker, SlidingWindowRateLimiter rateLimiter, BpjsTls tls,
                      CredentialsAlarm credentials) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.batchUri = URI.create(base + "/bpjstk/v1/peserta/batch");
        this.consId = consId;
        this.secret = secret;
        this.userKey = userKey;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.clock = clock;
        this.breaker = breaker;
        this.rateLimiter = rateLimiter;
        this.credentials = credentials;
        this.http = BpjsHttp.client(connectTimeout, tls);
    }

    /**
     * Enrolls a batch; the answer has one result per request, in the same order. Calls go through the
     * circuit breaker (an endpoint that keeps failing is left alone for a while instead of hammered)
     * and the rate limit agreed with BPJS. While BPJS refuses the credentials, calls are held back
     * ({@link CredentialsAlarm}) before they reach the breaker: the endpoint is up, the key is wrong.
     */
    public List<EnrollmentResult> enroll(List<EnrollmentRequest> requests) {
        credentials.beforeCall();
        if (!breaker.tryAcquirePermission()) {
            throw TransientDeliveryException.circuitOpen(
                    breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        }
        long start = System.nanoTime();
        try {
            rateLimiter.acquire();
            List<EnrollmentResult> results = send(requests);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            credentials.accepted();
            return results;
        } catch (CredentialsRefusedException e) {
            // The endpoint answered: as far as availability goes, it is up.
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            credentials.refused(e);
            throw e;
        } catch (TransientDeliveryException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw breaker.getState() == CircuitBreaker.State.CLOSED ? e : e.duringOutage();
        } catch (InterruptedException e) {
            breaker.releasePermission();
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("interrupted while waiting for the rate limit", 0, e);
        } catch (RuntimeException e) {
            // The endpoint answered, even if with a refusal: as far as availability goes, it is up; and
            // it took the credentials, or it would have said so.
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            credentials.accepted();
            throw e;
        }
    }

    private static CircuitBreaker unguarded() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("bpjs-unguarded");
        breaker.transitionToDisabledState();
        return breaker;
    }

    public CredentialsAlarm credentials() {
        return credentials;
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    private List<EnrollmentResult> send(List<EnrollmentRequest> requests) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(new EnrollmentBatchRequest(requests));
        } catch (IOException e) {
            throw new PermanentDeliveryException("cannot encode the enrollment batch: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(batchUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        BpjsHttp.signed(request, consId, secret, userKey, clock.instant().getEpochSecond());
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // Covers refused connections, resets and HttpTimeoutException alike: all worth a retry. A TLS
            // failure too: the operator fixes the trust store and the rows go through, or park meanwhile.
            throw new TransientDeliveryException(BpjsHttp.failure(e), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryException("interrupted while calling the endpoint", 0, e);
        }
        return read(response, requests.size());
    }

    private List<EnrollmentResult> read(HttpResponse<byte[]> response, int expected) {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            long retryAfter = retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null));
            throw new TransientDeliveryException("endpoint answered HTTP " + status, retryAfter, null);
        }
        Envelope<EnrollmentBatchResult> envelope;
        try {
            envelope = json.readValue(response.body(), BATCH_ANSWER);
        } catch (IOException e) {
            if (status == 401 || status == 403) {
                throw CredentialsRefusedException.answered(status, "?", null);
            }
            throw new PermanentDeliveryException("endpoint answered HTTP " + status + " with no readable envelope");
        }
        String metaCode = envelope.metaData() == null ? null : envelope.metaData().code();
        if (status == 401 || status == 403 || CREDENTIAL_CODES.contains(metaCode)) {
            // Not about these rows: the key, the consumer id or secret, or the clock (docs/bpjs-api.md, section 1).
            throw CredentialsRefusedException.answered(status, metaCode == null ? "?" : metaCode,
                    envelope.metaData() == null ? null : envelope.metaData().message());
        }
        if (status != 200 || envelope.metaData() == null || !envelope.metaData().isOk()) {
            String code = envelope.metaData() == null ? "?" : envelope.metaData().code();
            String message = envelope.metaData() == null ? "" : envelope.metaData().message();
            throw new PermanentDeliveryException("endpoint refused the batch: HTTP " + status
                    + ", metaData " + code + " " + message);
        }
        List<EnrollmentResult> results = envelope.response() == null ? null : envelope.response().hasil();
        if (results == null || results.size() != expected) {
            throw new PermanentDeliveryException("endpoint answered " + (results == null ? 0 : results.size())
                    + " results for " + expected + " requests");
        }
        return results;
    }

    /** Retry-After in seconds (the only form the endpoint uses); an HTTP date is not honoured. */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
