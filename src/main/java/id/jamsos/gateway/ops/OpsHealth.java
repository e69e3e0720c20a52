package id.jamsos.gateway.ops;

import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.ledger.OpsQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Liveness (/ops/health: the process answers HTTP; 503 STARTING with the reason until every route
 * has started, which waits for the broker) and readiness (/ops/ready: the database and the
 * broker answer, and every registered check such as the endpoint's circuit is up). A load balancer
 * or Kubernetes sends work only while ready; it restarts the process only when not alive.
 */
public final class OpsHealth {

    /** The name the enroller's circuit breaker registers its check under. */
    public static final String ENDPOINT = "endpoint";

    /** Shown next to the checks; REFUSED does not make the gateway unready (see below). */
    public static final String BPJS_CREDENTIALS = "bpjsCredentials";

    private final OpsQueries queries;
    private final QueueDepths broker;
    private final CredentialsAlarm credentials;
    /** Who is an operator; null shows readiness details to no one. */
    private volatile OperatorAuth operators;
    /** False until the gateway has started every route; a start can wait long for the broker. */
    private volatile boolean started;

    public OpsHealth(OpsQueries queries, QueueDepths broker) {
        this(queries, broker, null);
    }

    public OpsHealth(OpsQueries queries, QueueDepths broker, CredentialsAlarm credentials) {
        this.queries = queries;
        this.broker = broker;
        this.credentials = credentials;
    }

    /**
     * Readiness details (which part is down) go only to requests with operator credentials; anyone
     * else, a probe included, gets the status alone. Which component is down tells an attacker where
     * to push.
     */
    public void showDetailsTo(OperatorAuth operators) {
        this.operators = operators;
    }

    /** Called by the gateway once every route has started. */
    public void started() {
        started = true;
    }

    public void health(Exchange exchange) {
        if (!started) {
            starting(exchange);
            return;
        }
        OpsResponses.json(exchange, 200, "{\"status\":\"UP\"}");
    }

    /** 503 with what the start waits for, so that an operator does not have to guess from a log (operators only). */
    private void starting(Exchange exchange) {
        OperatorAuth auth = operators;
        if (auth == null || !auth.isOperator(exchange)) {
            OpsResponses.json(exchange, 503, "{\"status\":\"STARTING\"}");
            return;
        }
        String reason = !queries.databaseUp(2) ? "database unreachable"
                : !broker.brokerReachable() ? "broker unreachable" : "starting routes";
        OpsResponses.json(exchange, 503, "{\"status\":\"STARTING\",\"reason\":" + OpsResponses.quote(reason) + "}");
    }

    public void ready(Exchange exchange) {
        if (!started) {
            starting(exchange);
            return;
        }
        Map<String, String> checks = checks();
        boolean up = checks.values().stream().noneMatch("DOWN"::equals);
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
        OperatorAuth auth = operators;
        if (auth == null || !auth.isOperator(exchange)) {
            OpsResponses.json(exchange, up ? 200 : 503, json.append('}').toString());
            return;
        }
        json.append(",\"checks\":{");
        String sep = "";
        for (Map.Entry<String, String> c : checks.entrySet()) {
            json.append(sep).append(OpsResponses.quote(c.getKey())).append(':').append(OpsResponses.quote(c.getValue()));
            sep = ",";
        }
        OpsResponses.json(exchange, up ? 200 : 503, json.append("}}").toString());
    }

    /**
     * Each check's state: UP, DOWN, or UNKNOWN (nothing registered; does not block readiness). And
     * {@value #BPJS_CREDENTIALS}: UP, or REFUSED while BPJS refuses the gateway's credentials. That
     * holds enrollment back but does not make the gateway unready: claim callbacks and intake still
     * work, and a pod taken out of its Service would stop receiving claims.
     */
    public Map<String, String> checks() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", queries.databaseUp(2) ? "UP" : "DOWN");
        checks.put("broker", broker.brokerReachable() ? "UP" : "DOWN");
        checks.put(ENDPOINT, "UNKNOWN");
        checks.putAll(ReadinessChecks.evaluate());
        if (credentials != null) {
            checks.put(BPJS_CREDENTIALS, credentials.current().isPresent() ? "REFUSED" : "UP");
        }
        return checks;
    }
}
