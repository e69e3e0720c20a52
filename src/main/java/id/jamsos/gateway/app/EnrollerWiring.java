package id.jamsos.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.enrollment.BatchAnswers;
import id.jamsos.gateway.enrollment.BatchRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.enrollment.OutcomeRecorder;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.OpsHealth;
import id.jamsos.gateway.ops.DetailCheck;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The beans routes/enroller.camel.yaml and its error handler (enroller-errors) call, by the names the
 * route uses. The route itself holds the rate limit, the circuit breaker step and the HTTP call.
 */
public final class EnrollerWiring {

    /** The endpoint's circuit breaker, used by the enroller's circuitBreaker step by reference. */
    public static final String CIRCUIT_BREAKER = "bpjsCircuitBreaker";
    /** TLS towards BPJS (jamsos.bpjs.tls.*) for Camel's https component. */
    static final String SSL_CONTEXT = "bpjsSslContext";

    private EnrollerWiring() {
    }

    /**
     * @param main binds a bean under a name: Camel main's, or a test's registry
     * @return the endpoint's circuit breaker, whose state the health detail "endpoint" and the status page show */
    public static CircuitBreaker bind(BiConsumer<String, Object> main, GatewayProperties props, Ledger ledger, PersonalDataCipher pii,
                               ObjectMapper json, Clock clock) {
        CredentialsAlarm credentials = new CredentialsAlarm(props.get("jamsos.bpjs.consId"),
                Duration.ofSeconds(props.getLong("jamsos.bpjs.credentialsCheckSeconds")),
                props.getLong("jamsos.delivery.maxWaitMs"), clock);
        main.accept(CredentialsAlarm.BEAN, credentials);
        CircuitBreaker breaker = EndpointCircuitBreaker.create(props);
        main.accept(CIRCUIT_BREAKER, breaker);
        // Half-open is still an outage: only probe calls pass. A detail, not readiness: while BPJS is
        // down the gateway still takes files and claim callbacks, and jobs wait on the broker.
        main.accept("endpointHealthCheck", new DetailCheck(OpsHealth.ENDPOINT,
                () -> breaker.getState() == CircuitBreaker.State.CLOSED
                        || breaker.getState() == CircuitBreaker.State.DISABLED,
                "the circuit breaker towards BPJS is open: BPJS failed too many calls"));
        main.accept("endpointFailures", new EndpointFailures(breaker));

        // On the https component rather than on the endpoint: camel-http takes an endpoint's
        // sslContextParameters as "use TLS", even for an http:// URL (the simulator, the demo). An
        // https:// jamsos.bpjs.url gets the component, and with it these stores and host name checks.
        SSLContextParameters tls = BpjsTls.from(k -> props.get(k, "")).sslContextParameters();
        main.accept(SSL_CONTEXT, tls);
        main.accept("https", BpjsHttp.component(tls));
        main.accept("http", BpjsHttp.component(null));

        main.accept("bpjsHeaderFilter", new BpjsHeaderFilter());
        main.accept("bpjsSigner", new RequestSigner(props.get("jamsos.bpjs.consId"), props.get("jamsos.bpjs.secret"),
                props.get("jamsos.bpjs.userKey"), clock));
        main.accept("batchRequests", new BatchRequests());
        main.accept("batchAnswers", new BatchAnswers(json, credentials));
        main.accept("jobSeal", new JobSeal(pii, props.getBoolean("jamsos.queue.acceptPlainJobs")));
        main.accept("deliveryAttempts", new DeliveryAttempts(props.getInt("jamsos.delivery.maxAttempts"),
                props.getLong("jamsos.delivery.maxWaitMs"), props.getLong("jamsos.delivery.redeliveryDelayMs"),
                props.getLong("jamsos.delivery.maxRedeliveryDelayMs")));
        main.accept("outcomeRecorder", new OutcomeRecorder(ledger));
        return breaker;
    }
}
