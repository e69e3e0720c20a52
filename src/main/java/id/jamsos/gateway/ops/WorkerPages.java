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
 * The operators' worker look-up (docs/operations.md, "A worker's story"): GET /ops/workers?nik=..|kpj=..
 * [&amp;full=true] as a page (ops/workers.mustache, answered by {@code opsPage.answer}) and
 * GET /ops/api/workers with the same parameters as JSON. Behind {@code operatorAuth.check} like every
 * /ops page. Every look-up is audited through {@link WorkerLookups}, a full NIK besides; without
 * {@code full=true} the NIK is masked.
 *
 * <p>The parameters are read from the request's own query string (the /ops endpoints make no message
 * header of them: {@link OpsHeaderFilter}); takes the {@link Exchange} for that and, for the JSON, to
 * write the answer.
 */
public final class WorkerPages {

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

    /** GET /ops/workers: the form, and the story when a NIK or KPJ was given. */
    public WorkersView page(Exchange exchange) {
        Map<String, List<String>> params = params(exchange);
        String nik = first(params, "nik");
        String kpj = first(params, "kpj");
        String kpjTyped = kpj == null ? "" : kpj.strip();
        if (nik == null && kpj == null) {
            return new WorkersView(nonce(), style, 200, "", null, false, null, null);
        }
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(nik, kpj);
        } catch (IllegalArgumentException e) {
            return new WorkersView(nonce(), style, 400, "", e.getMessage(), false, null, null);
        }
        boolean full = "true".equals(first(params, "full"));
        Optional<WorkerStory.Story> story = lookups.forOperator(AuditEvent.OPERATOR, actor(exchange), query, full,
                OperatorAuth.clientAddress(exchange));
        if (story.isEmpty()) {
            return new WorkersView(nonce(), style, 404, query.kpj() == null ? "" : kpjTyped, null, true, null, null);
        }
        WorkerStory.Story s = story.get();
        String shownKpj = s.kpjs().isEmpty() ? "-" : String.join(", ", s.kpjs());
        String fullLink = full || s.kpjs().isEmpty() ? null
                : "/ops/workers?kpj=" + URLEncoder.encode(s.kpjs().get(0), StandardCharsets.UTF_8) + "&full=true";
        WorkersView.Worker worker = new WorkersView.Worker(orDash(WorkerStoryText.nik(s, full)), !full, shownKpj,
                orDash(s.name()), orDash(s.agencyId()), WorkerStoryText.coverText(s), WorkerStoryText.lines(s, zone));
        return new WorkersView(nonce(), style, 200, query.kpj() == null ? "" : kpjTyped, null, false, worker, fullLink);
    }

    /** GET /ops/api/workers: the story as JSON (WorkerStoryText.json), 404 when nothing is found. */
    public void api(Exchange exchange) throws JsonProcessingException {
        Map<String, List<String>> params = params(exchange);
        WorkerLookups.Query query;
        try {
            query = WorkerLookups.Query.of(first(params, "nik"), first(params, "kpj"));
        } catch (IllegalArgumentException e) {
            throw new OpsHttpException(400, e.getMessage());
        }
        boolean full = "true".equals(first(params, "full"));
        Optional<WorkerStory.Story> story = lookups.forOperator(AuditEvent.OPERATOR, actor(exchange), query, full,
                OperatorAuth.clientAddress(exchange));
        if (story.isEmpty()) {
            throw new OpsHttpException(404, "Tidak ditemukan / not found: " + query.subject());
        }
        OpsResponses.json(exchange, 200, json.writeValueAsString(WorkerStoryText.json(story.get(), full, zone)));
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
