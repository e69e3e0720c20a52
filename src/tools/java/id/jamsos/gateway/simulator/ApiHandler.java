package id.jamsos.gateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
    /** Why cover ends, as the gateway's EndReason names them; the simulator keeps its own list. */
    static final Set<String> END_REASONS = Set.of("DIED", "MOVED", "NOT_ELIGIBLE", "OTHER_PAYER", "WITHDRAWN",
            "BUDGET_ENDED", "LAPSED", "TRANSFERRED");
    private static final Pattern REGION = Pattern.compile("\\d{4}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{5,19}");
    private static final int MAX_REF_ID = 64;
    /** No payment is larger than a city's budget for a century; keeps sums far from overflowing. */
    private static final long MAX_PAYMENT = 1_000_000_000_000_000L;

    private final ObjectMapper json;
    private final Clock clock;
    private final RequestAuthenticator authenticator;
    private final FaultSettings faults;
    private final SimulatorStats stats;
    private final MembershipRegistry registry;
    private final ClaimBook claims;
    private final InvoiceBook invoices;
    private final Billing billing;
    private final SimulatorCalendar calendar;
    private final CountDownLatch closing;

    ApiHandler(ObjectMapper json, Clock clock, RequestAuthenticator authenticator, FaultSettings faults,
            SimulatorStats stats, MembershipRegistry registry, ClaimBook claims, InvoiceBook invoices,
            Billing billing, SimulatorCalendar calendar, CountDownLatch closing) {
        this.json = json;
        this.clock = clock;
        this.authenticator = authenticator;
        this.faults = faults;
        this.stats = stats;
        this.registry = registry;
        this.claims = claims;
        this.invoices = invoices;
        this.billing = billing;
        this.calendar = calendar;
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
        } catch (BadField e) {
            return error(200, MembershipRegistry.INCOMPLETE, e.getMessage());
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        // Lapses happen on the calendar, not on a request; judged before any answer depends on them.
        billing.catchUp();
        if (path.equals(BASE + "/peserta")) {
            return "POST".equals(method) ? enrollOne(ex) : notAllowed();
        }
        if (path.equals(BASE + "/peserta/batch")) {
            return "POST".equals(method) ? enrollBatch(ex) : notAllowed();
        }
        if (path.equals(BASE + "/peserta/nonaktif")) {
            return "POST".equals(method) ? deactivate(ex) : notAllowed();
        }
        if (path.startsWith(BASE + "/peserta/nik/")) {
            return "GET".equals(method) ? lookup(path.substring((BASE + "/peserta/nik/").length())) : notAllowed();
        }
        if (path.startsWith(BASE + "/peserta/kpj/") && path.endsWith("/status")) {
            String kpj = path.substring((BASE + "/peserta/kpj/").length(), path.length() - "/status".length());
            return "GET".equals(method) && !kpj.isEmpty() && !kpj.contains("/") ? status(kpj, query(ex))
                    : "GET".equals(method) ? error(404, "404", "Layanan tidak ditemukan / no such service") : notAllowed();
        }
        if (path.startsWith(BASE + "/peserta/") && path.indexOf('/', (BASE + "/peserta/").length()) < 0) {
            return "PUT".equals(method) ? update(ex, path.substring((BASE + "/peserta/").length())) : notAllowed();
        }
        if (path.equals(BASE + "/pembayaran")) {
            return "POST".equals(method) ? pay(ex) : notAllowed();
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

    /** POST /peserta/nonaktif {"refId","kpj","alasan","bulanTerakhir"}: ends a member's cover. */
    private Reply deactivate(HttpExchange ex) throws IOException {
        JsonNode req = object(ex);
        String refId = refId(req);
        String kpj = required(req, "kpj");
        String alasan = required(req, "alasan");
        if (!END_REASONS.contains(alasan)) {
            throw new BadField("alasan harus salah satu dari / alasan must be one of " + new java.util.TreeSet<>(END_REASONS));
        }
        YearMonth bulanTerakhir = month(required(req, "bulanTerakhir"), "bulanTerakhir");
        MembershipRegistry.Outcome outcome = registry.deactivate(refId, kpj, alasan, bulanTerakhir);
        log.debug("Deactivate kpj {} ({}, last month {}) -> {}", kpj, alasan, bulanTerakhir, outcome.code());
        return answer(outcome);
    }

    /** PUT /peserta/{kpj} {"refId","nama"?,"tglLahir"?,"penghasilan"?,"noHp"?}: corrects a member's data. */
    private Reply update(HttpExchange ex, String kpj) throws IOException {
        JsonNode req = object(ex);
        String refId = refId(req);
        String nik = optional(req, "nik");
        String nama = optional(req, "nama");
        if (nama != null && nama.isBlank()) {
            throw new BadField("nama tidak boleh kosong / nama must not be blank");
        }
        String tglLahir = optional(req, "tglLahir");
        if (tglLahir != null) {
            try {
                if (LocalDate.parse(tglLahir).isAfter(calendar.today())) {
                    throw new BadField("tglLahir di masa depan / tglLahir is in the future");
                }
            } catch (DateTimeParseException e) {
                throw new BadField("Tanggal lahir harus yyyy-MM-dd / tglLahir must be yyyy-MM-dd");
            }
        }
        Long penghasilan = null;
        JsonNode income = req.get("penghasilan");
        if (income != null && !income.isNull()) {
            if (!income.isIntegralNumber() || !income.canConvertToLong() || income.asLong() < 0) {
                throw new BadField("penghasilan harus rupiah bulat, tidak negatif / penghasilan must be whole rupiah, "
                        + "not negative");
            }
            penghasilan = income.asLong();
        }
        String noHp = optional(req, "noHp");
        if (noHp != null && !PHONE.matcher(noHp).matches()) {
            throw new BadField("noHp harus nomor telepon (angka) / noHp must be a phone number (digits)");
        }
        if (nama == null && tglLahir == null && penghasilan == null && noHp == null) {
            throw new BadField("Tidak ada data yang diubah: nama, tglLahir, penghasilan atau noHp / "
                    + "nothing to change: send nama, tglLahir, penghasilan or noHp");
        }
        MembershipRegistry.Outcome outcome = registry.update(refId, kpj,
                new MembershipRegistry.Correction(nik, nama, tglLahir, penghasilan, noHp));
        log.debug("Update kpj {} -> {}", kpj, outcome.code());
        return answer(outcome);
    }

    /** GET /peserta/kpj/{kpj}/status?periode=yyyy-MM (default: this month of the calendar). */
    private Reply status(String kpj, Map<String, String> query) {
        YearMonth periode;
        try {
            periode = query.containsKey("periode") ? YearMonth.parse(query.get("periode")) : calendar.month();
        } catch (DateTimeParseException e) {
            return error(400, "400", "periode harus yyyy-MM / periode must be yyyy-MM");
        }
        Billing.MemberStatus status = billing.status(kpj, periode);
        return status == null ? error(200, "201", "Peserta tidak ditemukan / member not found")
                : new Reply(200, Envelope.ok(status));
    }

    /** POST /pembayaran {"refId","periode","kodeWilayah","jumlah","referensi"}: the city pays a month. */
    private Reply pay(HttpExchange ex) throws IOException {
        JsonNode req = object(ex);
        String refId = refId(req);
        YearMonth periode = month(required(req, "periode"), "periode");
        String kodeWilayah = required(req, "kodeWilayah");
        if (!REGION.matcher(kodeWilayah).matches()) {
            throw new BadField("kodeWilayah harus 4 digit / kodeWilayah must be 4 digits");
        }
        JsonNode amount = req.get("jumlah");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0
                || amount.asLong() > MAX_PAYMENT) {
            throw new BadField("jumlah harus rupiah bulat, lebih dari 0 / jumlah must be whole rupiah, more than 0");
        }
        required(req, "referensi");
        MembershipRegistry.Outcome outcome = billing.pay(refId, periode, kodeWilayah, amount.asLong());
        log.debug("Payment {} for {} {} -> {}", refId, kodeWilayah, periode, outcome.code());
        return answer(outcome);
    }

    /** A single change reports its outcome in metaData, as a single enrollment does. */
    private static Reply answer(MembershipRegistry.Outcome outcome) {
        return new Reply(200, new Envelope<>(new MetaData(outcome.code(), outcome.message()), outcome.response()));
    }

    private JsonNode object(HttpExchange ex) throws IOException {
        byte[] bytes = body(ex);
        JsonNode req = bytes.length == 0 ? null : json.readTree(bytes);
        if (req == null || !req.isObject()) {
            // Answered like malformed JSON (400): an empty body or an array is no request at all.
            throw new JsonProcessingException("not a JSON object") {
            };
        }
        return req;
    }

    private static String refId(JsonNode req) {
        String refId = required(req, "refId");
        if (refId.length() > MAX_REF_ID) {
            throw new BadField("refId paling panjang " + MAX_REF_ID + " karakter / refId is at most " + MAX_REF_ID
                    + " characters");
        }
        return refId;
    }

    private static String required(JsonNode req, String field) {
        String value = optional(req, field);
        if (value == null || value.isBlank()) {
            throw new BadField(field + " wajib diisi / " + field + " is required");
        }
        return value;
    }

    /** The field's text, or null when absent or null; a number or object where text belongs is refused. */
    private static String optional(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadField(field + " harus teks / " + field + " must be a string");
        }
        return v.asText();
    }

    private static YearMonth month(String text, String field) {
        try {
            if (MONTH.matcher(text).matches()) {
                return YearMonth.parse(text);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new BadField(field + " harus yyyy-MM / " + field + " must be yyyy-MM");
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
                .map(m -> new Reply(200, Envelope.ok(m.toMembership(calendar.month()))))
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

    /** A field the endpoint cannot take: HTTP 200, code 412, the message names the field, never its value. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body too large");
        }
    }
}
