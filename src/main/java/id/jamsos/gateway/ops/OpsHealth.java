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
 * both answer 503 STARTING, to operators with what it waits for. A caller without operator
 * credentials (the probe included) makes /ops/ready run the readiness checks alone: the details are
 * run only for those who are shown them.
 */
public final class OpsHealth {

    /** The detail check of the enroller's circuit breaker towards BPJS. */
    public static final String ENDPOINT = "endpoint";

    /** The detail check of BPJS accepting the gateway's credentials; shown REFUSED, not DOWN, while it does not. */
    public static final String BPJS_CREDENTIALS = "bpjsCredentials";

    /**
     * The detail check of the other-payer share guard (LapseCheck); shown HELD, not DOWN, while a round's
     * other-payer workers are held for an operator.
     */
    public static final String OTHER_PAYER_GUARD = "otherPayerGuard";

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
        answer(exchange, isOperator(exchange), up, live, null);
    }

    /** Readiness. Takes the Exchange for the same reasons as {@link #health}. */
    public void ready(Exchange exchange) {
        CamelContext camel = startedContext();
        if (camel == null) {
            starting(exchange);
            return;
        }
        // Anyone may ask, as often as they like: a stranger's request runs the readiness checks alone,
        // never the details (each of which asks the broker or reads alarms) that it would not be shown.
        boolean operator = isOperator(exchange);
        Collection<HealthCheck.Result> results = operator ? HealthCheckHelper.invoke(camel, "full")
                : HealthCheckHelper.invokeReadiness(camel, "full");
        Map<String, String> ready = states(results, r -> r.getCheck().isReadiness());
        // Camel's rule for readiness: every check UP (UNKNOWN is not ready).
        boolean up = !ready.isEmpty() && ready.values().stream().allMatch("UP"::equals);
        answer(exchange, operator, up, ready, operator ? states(results, OpsHealth::isDetail) : null);
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
                String id = r.getCheck().getId();
                states.put(id, BPJS_CREDENTIALS.equals(id) && "DOWN".equals(state) ? "REFUSED"
                        : OTHER_PAYER_GUARD.equals(id) && "DOWN".equals(state) ? "HELD" : state);
            }
        }
        return states;
    }

    private static void answer(Exchange exchange, boolean operator, boolean up, Map<String, String> checks,
                               Map<String, String> details) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
        if (operator) {
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
