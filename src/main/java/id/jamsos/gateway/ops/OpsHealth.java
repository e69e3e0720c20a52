package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.OpsQueries;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * /ops/health and /ops/ready on the callback's port, for operators (with details) and for tools that
 * knew them before the management port: the same answers as Camel's {@code /observe/health/live} and
 * {@code /observe/health/ready} there, because both read the same checks of this gateway's
 * {@code HealthCheckRegistry} ({@link LedgerReadyCheck}, {@link VitalPartCheck}, {@link DetailCheck}
 * and Camel's {@code context} check). While the Camel context starts (which waits for the broker)
 * both answer 503 STARTING, to operators with what it waits for.
 */
public final class OpsHealth {

    /** The detail check of the enroller's circuit breaker towards BPJS. */
    public static final String ENDPOINT = "endpoint";

    /** The detail check of BPJS accepting the gateway's credentials; shown REFUSED, not DOWN, while it does not. */
    public static final String BPJS_CREDENTIALS = "bpjsCredentials";

    private final Supplier<CamelContext> context;
    private final OpsQueries queries;
    private final QueueDepths broker;
    /** Who is an operator; null shows details to no one. */
    private volatile OperatorAuth operators;

    public OpsHealth(Supplier<CamelContext> context, OpsQueries queries, QueueDepths broker) {
        this.context = context;
        this.queries = queries;
        this.broker = broker;
    }

    /**
     * Details (which check is down, what a start waits for) go only to requests with operator
     * credentials; anyone else, a probe included, gets the status alone. Which component is down tells
     * an attacker where to push.
     */
    public void showDetailsTo(OperatorAuth operators) {
        this.operators = operators;
    }

    /** Liveness. Takes the Exchange: it reads the request's credentials and answers with a status code. */
    public void health(Exchange exchange) {
        CamelContext camel = startedContext();
        if (camel == null) {
            starting(exchange);
            return;
        }
        Map<String, String> live = states(HealthCheckHelper.invokeLiveness(camel, "full"), r -> true);
        boolean up = !live.containsValue("DOWN");
        answer(exchange, up, live, null);
    }

    /** Readiness. Takes the Exchange for the same reasons as {@link #health}. */
    public void ready(Exchange exchange) {
        CamelContext camel = startedContext();
        if (camel == null) {
            starting(exchange);
            return;
        }
        Collection<HealthCheck.Result> all = HealthCheckHelper.invoke(camel, "full");
        Map<String, String> ready = states(all, r -> r.getCheck().isReadiness());
        // Camel's rule for readiness: every check UP (UNKNOWN is not ready).
        boolean up = !ready.isEmpty() && ready.values().stream().allMatch("UP"::equals);
        answer(exchange, up, ready, states(all, OpsHealth::isDetail));
    }

    /**
     * The readiness checks, then the details, each UP, DOWN or UNKNOWN ({@value #BPJS_CREDENTIALS}:
     * UP or REFUSED), for the status page; empty while the gateway starts.
     */
    public Map<String, String> checks() {
        CamelContext camel = startedContext();
        if (camel == null) {
            return Map.of();
        }
        Collection<HealthCheck.Result> all = HealthCheckHelper.invoke(camel, "full");
        Map<String, String> checks = states(all, r -> r.getCheck().isReadiness());
        checks.putAll(states(all, OpsHealth::isDetail));
        return checks;
    }

    /** Each liveness check: UP or DOWN (Camel's context check and the gateway's vital parts). */
    public Map<String, String> liveness() {
        CamelContext camel = startedContext();
        return camel == null ? Map.of() : states(HealthCheckHelper.invokeLiveness(camel, "full"), r -> true);
    }

    private static boolean isDetail(HealthCheck.Result result) {
        return !result.getCheck().isReadiness() && !result.getCheck().isLiveness();
    }

    private CamelContext startedContext() {
        CamelContext camel = context.get();
        return camel != null && camel.getStatus().isStarted() ? camel : null;
    }

    private static Map<String, String> states(Collection<HealthCheck.Result> results, Predicate<HealthCheck.Result> which) {
        Map<String, String> states = new LinkedHashMap<>();
        for (HealthCheck.Result r : results) {
            if (which.test(r)) {
                String state = r.getState().name();
                states.put(r.getCheck().getId(), BPJS_CREDENTIALS.equals(r.getCheck().getId()) && "DOWN".equals(state)
                        ? "REFUSED" : state);
            }
        }
        return states;
    }

    private void answer(Exchange exchange, boolean up, Map<String, String> checks, Map<String, String> details) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
        if (isOperator(exchange)) {
            object(json.append(",\"checks\":"), checks);
            if (details != null) {
                object(json.append(",\"details\":"), details);
            }
        }
        OpsResponses.json(exchange, up ? 200 : 503, json.append('}').toString());
    }

    private static void object(StringBuilder json, Map<String, String> values) {
        json.append('{');
        String sep = "";
        for (Map.Entry<String, String> c : values.entrySet()) {
            json.append(sep).append(OpsResponses.quote(c.getKey())).append(':').append(OpsResponses.quote(c.getValue()));
            sep = ",";
        }
        json.append('}');
    }

    private boolean isOperator(Exchange exchange) {
        OperatorAuth auth = operators;
        return auth != null && auth.isOperator(exchange);
    }

    /** 503 with what the start waits for, so that an operator does not have to guess from a log (operators only). */
    private void starting(Exchange exchange) {
        if (!isOperator(exchange)) {
            OpsResponses.json(exchange, 503, "{\"status\":\"STARTING\"}");
            return;
        }
        String reason = !queries.databaseUp(2) ? "database unreachable"
                : !broker.brokerReachable() ? "broker unreachable" : "starting routes";
        OpsResponses.json(exchange, 503, "{\"status\":\"STARTING\",\"reason\":" + OpsResponses.quote(reason) + "}");
    }
}
