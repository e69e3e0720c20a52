package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.ClaimPage;
import id.jamsos.gateway.bpjs.EnrollmentBatchRequest;
import id.jamsos.gateway.bpjs.EnrollmentBatchResult;
import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.bpjs.EnrollmentResult;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.MetaData;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import id.jamsos.gateway.nik.NikMask;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves /bpjstk/v1/*: applies the configured faults, authenticates, then answers in the BPJS
 * envelope. Faults come first because a real overloaded or broken endpoint fails before it
 * looks at credentials.
 */
final class ApiHandler {

    static final String BASE = "/bpjstk/v1";
    static final int MAX_BATCH = 100;
    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    static final int DEFAULT_CLAIM_LIMIT = 100;
    static final int MAX_CLAIM_LIMIT = 1000;

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final Map<String, String> RETRY_AFTER = Map.of("Retry-After", "1");

    private final ObjectMapper json;
    private final Clock clock;
    private final RequestAuthenticator authenticator;
    private final FaultSettings faults;
    private final SimulatorStats stats;
    private final MembershipRegistry registry;
    private final ClaimBook claims;
    private final InvoiceBook invoices;
    private final CountDownLatch closing;

    ApiHandler(ObjectMapper json, Clock clock, RequestAuthenticator authenticator, FaultSettings faults,
            SimulatorStats stats, MembershipRegistry registry, ClaimBook claims, InvoiceBook invoices,
            CountDownLatch closing) {
        this.json = json;
        this.clock = clock;
        this.authenticator = authenticator;
        this.faults = faults;
        this.stats = stats;
        this.registry = registry;
        this.claims = claims;
        this.invoices = invoices;
        this.closing = closing;
    }

    void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            reply = withFaults(ex);
        } catch (RuntimeException e) {
            log.error("Simulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            reply = error(500, "500", "Kesalahan internal simulator / simulator internal error");
        }
        stats.recordStatus(reply.status());
        reply.write(ex, json);
    }

    private Reply withFaults(HttpExchange ex) throws IOException {
        long now = clock.instant().getEpochSecond();
        int nth = stats.recordArrival(now);
        stats.recordHeaders(ex.getRequestHeaders(), now);
        int forced = faults.pollForcedStatus();
        int limit = faults.rateLimitPerSecond();
        if (forced == 0 && limit > 0 && nth > limit) {
            return new Reply(429, Envelope.error("429", "Terlalu banyak permintaan / too many requests"),
                    RETRY_AFTER);
        }
        pause(faults.latencyMs());
        if (forced != 0) {
            return injected(forced);
        }
        boolean timeout = faults.drawTimeout();
        if (!timeout && faults.drawError()) {
            return injected(faults.errorStatus());
        }
        Reply reply = authenticated(ex);
        if (timeout) {
            // The work is done but the client never hears of it: the case retries must survive.
            pause(faults.timeoutHoldMs());
            return error(504, "504", "Batas waktu habis / gateway timeout");
        }
        return reply;
    }

    private Reply injected(int status) {
        Envelope<Object> body = Envelope.error(Integer.toString(status),
                "Gangguan simulasi / injected fault");
        return status == 429 || status == 503 ? new Reply(status, body, RETRY_AFTER) : new Reply(status, body);
    }

    private Reply authenticated(HttpExchange ex) throws IOException {
        RequestAuthenticator.Verdict verdict = authenticator.verify(ex.getRequestHeaders()::getFirst);
        if (!verdict.ok()) {
            log.debug("Refused {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), verdict.messageEn());
            return error(401, verdict.code(), verdict.message());
        }
        try {
            return route(ex);
        } catch (JsonProcessingException e) {
            return error(400, "400", "Format JSON tidak valid / malformed JSON");
        } catch (BodyTooLarge e) {
            return error(413, "413", "Isi permintaan terlalu besar / request body too large");
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (path.equals(BASE + "/peserta")) {
            return "POST".equals(method) ? enrollOne(ex) : notAllowed();
        }
        if (path.equals(BASE + "/peserta/batch")) {
            return "POST".equals(method) ? enrollBatch(ex) : notAllowed();
        }
        if (path.startsWith(BASE + "/peserta/nik/")) {
            return "GET".equals(method) ? lookup(path.substring((BASE + "/peserta/nik/").length())) : notAllowed();
        }
        if (path.equals(BASE + "/klaim")) {
            return "GET".equals(method) ? listClaims(query(ex)) : notAllowed();
        }
        if (path.equals(BASE + "/tagihan")) {
            return "GET".equals(method) ? invoice(query(ex)) : notAllowed();
        }
        return error(404, "404", "Layanan tidak ditemukan / no such service");
    }

    private Reply invoice(Map<String, String> query) {
        YearMonth periode;
        try {
            periode = YearMonth.parse(query.getOrDefault("periode", ""));
        } catch (DateTimeParseException e) {
            return error(400, "400", "periode harus yyyy-MM / periode must be yyyy-MM");
        }
        String kodeWilayah = query.get("kodeWilayah");
        if (kodeWilayah == null || !kodeWilayah.matches("\\d{4}")) {
            return error(400, "400", "kodeWilayah harus 4 digit / kodeWilayah must be 4 digits");
        }
        return new Reply(200, Envelope.ok(invoices.invoice(periode, kodeWilayah, registry.members())));
    }

    private Reply enrollOne(HttpExchange ex) throws IOException {
        EnrollmentRequest req = json.readValue(body(ex), EnrollmentRequest.class);
        if (req == null) {
            return error(400, "400", "Isi permintaan kosong / empty request body");
        }
        stats.recordEnrollmentRequest();
        EnrollmentResult result = registry.enroll(req);
        log.debug("Enroll {} -> {}", NikMask.mask(req.nik()), result.code());
        // A single enrollment reports its outcome in metaData too, as BPJS services do.
        return new Reply(200, new Envelope<>(new MetaData(result.code(), result.message()), result));
    }

    private Reply enrollBatch(HttpExchange ex) throws IOException {
        EnrollmentBatchRequest req = json.readValue(body(ex), EnrollmentBatchRequest.class);
        if (req == null || req.peserta() == null) {
            return error(400, "400", "Daftar peserta wajib diisi / peserta is required");
        }
        if (req.peserta().size() > MAX_BATCH) {
            return error(200, "413", "Maksimal " + MAX_BATCH + " peserta per permintaan / at most "
                    + MAX_BATCH + " members per request");
        }
        stats.recordEnrollmentRequest();
        List<EnrollmentResult> results = new ArrayList<>(req.peserta().size());
        for (EnrollmentRequest item : req.peserta()) {
            results.add(registry.enroll(item));
        }
        log.debug("Batch of {} enrolled", results.size());
        return new Reply(200, Envelope.ok(new EnrollmentBatchResult(results)));
    }

    private Reply lookup(String nik) {
        if (!MembershipRegistry.validNik(nik)) {
            return error(200, MembershipRegistry.INVALID_NIK, "NIK harus 16 digit / NIK must be 16 digits");
        }
        return registry.member(nik)
                .map(m -> new Reply(200, Envelope.ok(m.toMembership())))
                .orElseGet(() -> error(200, "201", "Peserta tidak ditemukan / member not found"));
    }

    private Reply listClaims(Map<String, String> query) {
        Instant since;
        int limit;
        try {
            since = query.containsKey("since") ? Instant.parse(query.get("since")) : Instant.EPOCH;
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : DEFAULT_CLAIM_LIMIT;
        } catch (DateTimeParseException | NumberFormatException e) {
            return error(400, "400", "since harus ISO-8601 (2024-01-31T00:00:00Z), limit angka / "
                    + "since must be an ISO-8601 instant, limit a number");
        }
        if (limit < 1 || limit > MAX_CLAIM_LIMIT) {
            return error(400, "400", "limit harus 1-" + MAX_CLAIM_LIMIT + " / limit must be 1-" + MAX_CLAIM_LIMIT);
        }
        var page = claims.since(since, limit);
        String watermark = page.isEmpty() ? since.toString() : page.get(page.size() - 1).paidAt();
        if (!claims.repeatedKeys.isEmpty()) {
            return new Reply(200, claims.repeatedKeys.page(json, page, watermark));
        }
        String nullBefore = claims.nullBefore;
        if (nullBefore != null) {
            List<ClaimNotice> withNull = new ArrayList<>();
            for (ClaimNotice c : page) {
                if (nullBefore.equals(c.claimId())) {
                    withNull.add(null);
                }
                withNull.add(c);
            }
            page = withNull;
        }
        return new Reply(200, Envelope.ok(new ClaimPage(page, watermark)));
    }

    private static Reply notAllowed() {
        return error(405, "405", "Metode tidak diizinkan / method not allowed");
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, Envelope.error(code, message));
    }

    /** Sleeps, but wakes at once when the simulator closes so shutdown is never held up. */
    private void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            closing.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BodyTooLarge();
            }
            return bytes;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body too large");
        }
    }
}
