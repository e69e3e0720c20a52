package id.jamsos.gateway.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.audit.AuditEvent;
import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.audit.LoggedAuditTrail;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The JSON side of /ops: a file's rejected and parked rows (NIKs masked), the replay action, and the
 * Prometheus scrape.
 */
public final class OpsApi {

    /** Rows listed per state when a file is opened on the page. */
    static final int ROW_LIMIT = 500;

    private final Ledger ledger;
    private final OpsQueries queries;
    private final Replayer replayer;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private AuditTrail audit = new LoggedAuditTrail();

    public OpsApi(Ledger ledger, OpsQueries queries, Replayer replayer, GatewayMetrics metrics, ObjectMapper json) {
        this.ledger = ledger;
        this.queries = queries;
        this.replayer = replayer;
        this.metrics = metrics;
        this.json = json;
    }

    /** Row lookups and replays are recorded in {@code trail} (docs/audit.md). */
    public OpsApi auditTo(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    /**
     * GET /ops/metrics. Like every /ops answer here, takes the {@link Exchange} because it writes the
     * HTTP answer: status, content type and the security headers ({@link OpsResponses#write}).
     */
    public void metrics(Exchange exchange) {
        OpsResponses.write(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    /** GET /ops/api/files/{id}/rows */
    public void fileRows(Exchange exchange) throws JsonProcessingException {
        long fileId = fileId(exchange);
        FileInfo file = ledger.file(fileId).orElseThrow(() -> new OpsHttpException(404, "no file " + fileId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", file.id());
        body.put("agency", file.agencyId());
        body.put("name", file.fileName());
        body.put("state", file.state().name());
        body.put("error", NikMask.scrub(file.error()));
        body.put("purgedAt", file.purgedAt() == null ? null : file.purgedAt().toString());
        body.put("counts", ledger.rowCounts(fileId));
        body.put("rejected", rows(fileId, RowState.REJECTED));
        body.put("refused", rows(fileId, RowState.REFUSED));
        body.put("parked", rows(fileId, RowState.PARKED));
        body.put("limit", ROW_LIMIT);
        // The rows shown carry names and masked NIKs: a lookup of personal data.
        audit.record(OperatorAuth.operatorEvent(exchange, "FILE_ROWS_VIEW", "file " + fileId, "agency "
                + file.agencyId(), AuditEvent.OK));
        OpsResponses.json(exchange, 200, json.writeValueAsString(body));
    }

    /** POST /ops/files/{id}/replay */
    public void replay(Exchange exchange) throws JsonProcessingException {
        long fileId = fileId(exchange);
        Replayer.Result result;
        try {
            result = replayer.replay(fileId);
        } catch (OpsHttpException refused) {
            audit.record(OperatorAuth.operatorEvent(exchange, "REPLAY", "file " + fileId, refused.getMessage(),
                    AuditEvent.REFUSED));
            throw refused;
        }
        audit.record(OperatorAuth.operatorEvent(exchange, "REPLAY", "file " + fileId, "queued=" + result.queued()
                + " refused=" + result.refused(), AuditEvent.OK));
        OpsResponses.json(exchange, 200, json.writeValueAsString(result));
    }

    private List<Map<String, Object>> rows(long fileId, RowState state) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LedgerRow r : queries.rows(fileId, List.of(state), ROW_LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.rowNo());
            row.put("nik", NikMask.mask(r.nik()));
            row.put("name", r.name());
            List<String> reasons = new ArrayList<>();
            for (RowRejection rej : r.reasons()) {
                reasons.add(rej.field() + " " + rej.code() + ": " + NikMask.scrub(rej.messageEn()));
            }
            if (r.lastError() != null) {
                reasons.add(NikMask.scrub(r.lastError()));
            }
            row.put("reasons", reasons);
            out.add(row);
        }
        return out;
    }

    static long fileId(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new OpsHttpException(400, "file id must be a number");
        }
    }
}
