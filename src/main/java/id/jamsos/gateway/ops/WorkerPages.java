package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.ledger.WorkerStory;
import id.jamsos.gateway.report.WorkerStoryText;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The operators' worker look-up (docs/operations.md, "A worker's story"): /ops/workers as a page
 * (ops/workers.mustache, answered by {@code opsPage.answer}) and /ops/api/workers as JSON. Behind
 * {@code operatorAuth.check} like every /ops page. Every look-up is audited through {@link WorkerLookups},
 * a full NIK besides; without {@code full=true} the NIK is masked.
 *
 * <p>The NIK never travels in a URL (it would stay in a proxy's access log and the browser's history): the
 * page's form POSTs it with the session's form token ({@code operatorAuth.requireForm}), a script POSTs
 * JSON ({@code {"nik": "...", "full": true}}, {@code operatorAuth.requireJson}). A GET may look up a KPJ
 * (not a secret; the "full NIK" link is one); a GET naming a NIK is refused (400) without a look-up.
 *
 * <p>Fields are read from the request itself (the /ops endpoints make no message header of them:
 * {@link OpsHeaderFilter}); takes the {@link Exchange} for that and, for the JSON, to write the answer.
 */
public final class WorkerPages {

    /** Said to a GET that names a NIK, which is then not looked up. */
    static final String NIK_IN_URL = "NIK dikirim lewat formulir, bukan di alamat (URL) / send the NIK in the"
            + " request's body (the form, or POST JSON), never in the URL: it would stay in access logs and the"
            + " browser's history";

    private final WorkerLookups lookups;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final String style = OpsPage.resource("/ops/ops.css");
    private final SecureRandom random = new SecureRandom();

    public WorkerPages(WorkerLookups lookups, ZoneId zone, ObjectMapper json) {
        this.lookups = lookups;
        this.zone = zone;
        this.json = json;
    }

    /** GET /ops/workers: the form (or a KPJ look-up); POST: the form's look-up, NIK or KPJ. */
    public WorkersView page(Exchange exchange) {
        String csrf = csrf(exchange);
        boolean posted = posted(exchange);
        Map<String, List<String>> params = params(exchange);
        if (!posted && first(params, "nik") != null) {
            return new WorkersView(nonce(), style, 400, "", NIK_IN_URL, false, null, null, csrf);
        }
        String nik = posted ? blankToNull(OperatorAuth.formField(exchange, "nik")) : null;
        String kpj = posted ? blankToNull(OperatorAuth.formField(exchange, "kpj")) : first(params, "kpj");
        boolean full = "true".equals(posted ? OperatorAuth.formField(exchange, "full") : first(params, "full"));
        String kpjTyped = kpj == null ? "" : kpj.strip();
        if (nik == null && kpj == null) {
            return new WorkersView(nonce(), style, 200, "", null, false, null, null, csrf);
        }
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(nik, kpj);
        } catch (IllegalArgumentException e) {
            return new WorkersView(nonce(), style, 400, "", e.getMessage(), false, null, null, csrf);
        }
        Optional<WorkerStory.Story> story = lookups.forOperator(AuditEvent.OPERATOR, actor(exchange), query, full,
                OperatorAuth.clientAddress(exchange));
        if (story.isEmpty()) {
            return new WorkersView(nonce(), style, 404, query.kpj() == null ? "" : kpjTyped, null, true, null, null,
                    csrf);
        }
        WorkerStory.Story s = story.get();
        String shownKpj = s.kpjs().isEmpty() ? "-" : String.join(", ", s.kpjs());
        String fullLink = full || s.kpjs().isEmpty() ? null
                : "/ops/workers?kpj=" + URLEncoder.encode(s.kpjs().get(0), StandardCharsets.UTF_8) + "&full=true";
        WorkersView.Worker worker = new WorkersView.Worker(orDash(WorkerStoryText.nik(s, full)), !full, shownKpj,
                orDash(s.name()), orDash(s.agencyId()), WorkerStoryText.coverText(s), WorkerStoryText.lines(s, zone));
        return new WorkersView(nonce(), style, 200, query.kpj() == null ? "" : kpjTyped, null, false, worker, fullLink,
                csrf);
    }

    /**
     * /ops/api/workers: the story as JSON (WorkerStoryText.json), 404 when nothing is found. POST a JSON
     * object {@code {"nik": "...", "kpj": "...", "full": true}}; GET {@code ?kpj=..[&full=true]} only (a NIK
     * in the URL is refused, 400, without a look-up).
     */
    public void api(Exchange exchange) throws JsonProcessingException {
        String nik;
        String kpj;
        boolean full;
        if (posted(exchange)) {
            com.fasterxml.jackson.databind.JsonNode body;
            try {
                String text = exchange.getMessage().getBody(String.class);
                body = text == null || text.isBlank() ? null : json.readTree(text);
            } catch (JsonProcessingException e) {
                // Without the cause: Jackson's message quotes the body, which holds a NIK.
                throw new OpsHttpException(400, "the body is not JSON: {\"nik\": \"...\"} or {\"kpj\": \"...\"}");
            }
            if (body == null || !body.isObject()) {
                throw new OpsHttpException(400, "the body is not a JSON object: {\"nik\": \"...\"} or {\"kpj\": \"...\"}");
            }
            nik = blankToNull(body.path("nik").asText(null));
            kpj = blankToNull(body.path("kpj").asText(null));
            full = body.path("full").asBoolean(false);
        } else {
            Map<String, List<String>> params = params(exchange);
            if (first(params, "nik") != null) {
                throw new OpsHttpException(400, NIK_IN_URL);
            }
            nik = null;
            kpj = first(params, "kpj");
            full = "true".equals(first(params, "full"));
        }
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(nik, kpj);
        } catch (IllegalArgumentException e) {
            throw new OpsHttpException(400, e.getMessage());
        }
        Optional<WorkerStory.Story> story = lookups.forOperator(AuditEvent.OPERATOR, actor(exchange), query, full,
                OperatorAuth.clientAddress(exchange));
        if (story.isEmpty()) {
            throw new OpsHttpException(404, "Tidak ditemukan / not found: " + query.subject());
        }
        OpsResponses.json(exchange, 200, json.writeValueAsString(WorkerStoryText.json(story.get(), full, zone)));
    }

    private static boolean posted(Exchange exchange) {
        HttpServerRequest request = OpsRequest.of(exchange);
        String method = request != null ? request.method().name()
                : exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        return "POST".equalsIgnoreCase(method);
    }

    private static String csrf(Exchange exchange) {
        id.jamsos.gateway.ops.OperatorSessions.Session session = exchange.getProperty(Headers.OPS_SESSION,
                OperatorSessions.Session.class);
        return session == null ? null : session.csrfToken();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Who looked, as far as the gateway knows: operators share one secret, so the way in (a browser
     * session or the bearer token) is what the audit can name; the client address goes beside it.
     */
    static String actor(Exchange exchange) {
        return exchange.getProperty(Headers.OPS_SESSION) != null ? "ops-session" : "ops-token";
    }

    /** The request's own query string; a message without a Vert.x request (a test's) has CamelHttpQuery. */
    private static Map<String, List<String>> params(Exchange exchange) {
        HttpServerRequest request = OpsRequest.of(exchange);
        String query = request != null ? request.query() : exchange.getMessage().getHeader(Exchange.HTTP_QUERY,
                String.class);
        return new QueryStringDecoder(query == null ? "" : query, StandardCharsets.UTF_8, false).parameters();
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private String nonce() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
