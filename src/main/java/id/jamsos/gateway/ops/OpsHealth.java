package id.jamsos.gateway.ops;

import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.ledger.OpsQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness (/ops/health: the process answers HTTP, 503 STARTING with the reason until every route
 * has started, which waits for the broker, and 503 DOWN when a part the gateway cannot work without
 * has died, see {@link #live}) and readiness (/ops/ready: the database and the
 * broker answer, and every registered check such as the endpoint's circuit is up). A load balancer
 * or Kubernetes sends work only while ready; it restarts the process only when not alive.
 */
public final class OpsHealth {

    /** The name the enroller's circuit breaker registers its check under. */
    public static final String ENDPOINT = "endpoint";

    /** Shown next to the checks; REFUSED does not make the gateway unready (see below). */
    public static final String BPJS_CREDENTIALS = "bpjsCredentials";

    private static final Logger LOG = LoggerFactory.getLogger(OpsHealth.class);

    private final OpsQueries queries;
    /** Parts without which the process is not alive, in the order registered. */
    private final Map<String, BooleanSupplier> vital = new LinkedHashMap<>();
    /** Those last seen dead: logged once when one dies, once when it is back. */
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
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

    /**
     * Registers a part the gateway cannot work without (the claim outbox's publisher, the intake
     * lease, the enrollment consumers): while {@code alive} says false (or throws), /ops/health
     * answers 503 DOWN and the platform restarts the process. Only for what a restart cures: a thread
     * that died, a consumer that stopped; never for what is outside (the database, the broker, BPJS),
     * which readiness reports and a restart would not bring back.
     */
    public synchronized void live(String name, BooleanSupplier alive) {
        vital.put(name, alive);
    }

    public void health(Exchange exchange) {
        if (!started) {
            starting(exchange);
            return;
        }
        Map<String, String> parts = liveness();
        if (!parts.containsValue("DOWN")) {
            OpsResponses.json(exchange, 200, "{\"status\":\"UP\"}");
            return;
        }
        StringBuilder json = new StringBuilder("{\"status\":\"DOWN\",\"checks\":{");
        String sep = "";
        for (Map.Entry<String, String> c : parts.entrySet()) {
            json.append(sep).append(OpsResponses.quote(c.getKey())).append(':').append(OpsResponses.quote(c.getValue()));
            sep = ",";
        }
        OpsResponses.json(exchange, 503, json.append("}}").toString());
    }

    /** Each vital part: UP or DOWN. A part's death and its return are logged once each. */
    public Map<String, String> liveness() {
        Map<String, BooleanSupplier> parts;
        synchronized (this) {
            parts = new LinkedHashMap<>(vital);
        }
        Map<String, String> answers = new LinkedHashMap<>();
        parts.forEach((name, check) -> {
            boolean up;
            try {
                up = check.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            answers.put(name, up ? "UP" : "DOWN");
            if (!up && dead.add(name)) {
                LOG.error("liveness: {} is not running; /ops/health answers 503 so that the platform restarts"
                        + " the gateway", name);
            } else if (up && dead.remove(name)) {
                LOG.info("liveness: {} is running again", name);
            }
        });
        return answers;
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
