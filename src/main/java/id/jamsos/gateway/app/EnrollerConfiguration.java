package id.jamsos.gateway.app;

import id.jamsos.gateway.bpjs.BpjsHeaderFilter;
import id.jamsos.gateway.bpjs.BpjsHttp;
import id.jamsos.gateway.bpjs.BpjsTls;
import id.jamsos.gateway.bpjs.RequestSigner;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.enrollment.BatchAnswers;
import id.jamsos.gateway.enrollment.BatchRequests;
import id.jamsos.gateway.enrollment.CredentialsAlarm;
import id.jamsos.gateway.enrollment.DeliveryAttempts;
import id.jamsos.gateway.enrollment.EndpointFailures;
import id.jamsos.gateway.enrollment.JobSeal;
import id.jamsos.gateway.enrollment.OutcomeRecorder;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.DetailCheck;
import id.jamsos.gateway.ops.OpsHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.http.HttpComponent;

/**
 * The enroller's beans (routes/enroller.camel.yaml and its error handler): the BPJS HTTP components,
 * signing, the circuit breaker, the batch requests and answers, the job seal and the outcome recorder.
 * A part of {@link GatewayConfiguration} in a class of its own because Camel 4.18 sorts a configuration
 * class's {@code @BindToRegistry} methods with a comparator that reads the list while it sorts it:
 * with 32 methods or more (Java's merge sort) the start fails now and then with "Comparison method
 * violates its general contract!". Each configuration class therefore stays under 32 methods.
 */
public final class EnrollerConfiguration extends ConfigurationPart {

    EnrollerConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
            ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    // --- Enroller (routes/enroller.camel.yaml and its error handler) ---

    @BindToRegistry(value = CredentialsAlarm.BEAN, lazy = true)
    public CredentialsAlarm credentialsAlarm(@PropertyInject("jamsos.bpjs.consId") String consId,
            @PropertyInject("jamsos.bpjs.credentialsCheckSeconds") long checkSeconds,
            @PropertyInject("jamsos.delivery.maxWaitMs") long maxWaitMs) {
        return new CredentialsAlarm(consId.trim(), Duration.ofSeconds(checkSeconds), maxWaitMs, clock);
    }

    /** The endpoint's circuit breaker, used by the enroller's circuitBreaker step by reference. */
    @BindToRegistry(value = "bpjsCircuitBreaker", lazy = true)
    public CircuitBreaker bpjsCircuitBreaker(@PropertyInject("jamsos.breaker.windowCalls") int windowCalls,
            @PropertyInject("jamsos.breaker.minimumCalls") int minimumCalls,
            @PropertyInject("jamsos.breaker.failureRatePercent") int failureRatePercent,
            @PropertyInject("jamsos.breaker.openSeconds") long openSeconds,
            @PropertyInject("jamsos.breaker.halfOpenCalls") int halfOpenCalls) {
        return EndpointCircuitBreaker.create(windowCalls, minimumCalls, failureRatePercent, openSeconds, halfOpenCalls);
    }

    /**
     * Half-open is still an outage: only probe calls pass. A detail, not readiness: while BPJS is down
     * the gateway still takes files and claim callbacks, and jobs wait on the broker.
     */
    @BindToRegistry(lazy = true)
    public DetailCheck endpointHealthCheck(CircuitBreaker breaker) {
        return new DetailCheck(OpsHealth.ENDPOINT, () -> breaker.getState() == CircuitBreaker.State.CLOSED
                || breaker.getState() == CircuitBreaker.State.DISABLED,
                "the circuit breaker towards BPJS is open: BPJS failed too many calls");
    }

    @BindToRegistry(lazy = true)
    public EndpointFailures endpointFailures(CircuitBreaker breaker) {
        return new EndpointFailures(breaker);
    }

    /**
     * The components for every call to BPJS ({@link BpjsHttp}). TLS towards BPJS (jamsos.bpjs.tls.*) on
     * the https component rather than on the endpoint:
     * camel-http takes an endpoint's sslContextParameters as "use TLS", even for an http:// URL (the
     * simulator, the demo). An https:// jamsos.bpjs.url gets the component, and with it these stores and
     * host name checks.
     */
    @BindToRegistry(lazy = true)
    public HttpComponent https(CamelContext context) {
        return BpjsHttp.component(BpjsTls.from(settings(context)).sslContextParameters());
    }

    /** Plain http to BPJS: the simulator, the demo. */
    @BindToRegistry(lazy = true)
    public HttpComponent http() {
        return BpjsHttp.component(null);
    }

    @BindToRegistry(lazy = true)
    public BpjsHeaderFilter bpjsHeaderFilter() {
        return new BpjsHeaderFilter();
    }

    @BindToRegistry(lazy = true)
    public RequestSigner bpjsSigner(@PropertyInject("jamsos.bpjs.consId") String consId,
                                    @PropertyInject("jamsos.bpjs.secret") String secret,
                                    @PropertyInject("jamsos.bpjs.userKey") String userKey) {
        return new RequestSigner(consId.trim(), secret.trim(), userKey.trim(), clock);
    }

    @BindToRegistry(lazy = true)
    public BatchRequests batchRequests() {
        return new BatchRequests();
    }

    @BindToRegistry(lazy = true)
    public BatchAnswers batchAnswers(CredentialsAlarm credentials) {
        return new BatchAnswers(json, credentials);
    }

    @BindToRegistry(lazy = true)
    public JobSeal jobSeal(@PropertyInject("jamsos.queue.acceptPlainJobs") boolean acceptPlainJobs) {
        return new JobSeal(pii, acceptPlainJobs);
    }

    @BindToRegistry(lazy = true)
    public DeliveryAttempts deliveryAttempts(@PropertyInject("jamsos.delivery.maxAttempts") int maxAttempts,
            @PropertyInject("jamsos.delivery.maxWaitMs") long maxWaitMs,
            @PropertyInject("jamsos.delivery.redeliveryDelayMs") long redeliveryDelayMs,
            @PropertyInject("jamsos.delivery.maxRedeliveryDelayMs") long maxRedeliveryDelayMs) {
        return new DeliveryAttempts(maxAttempts, maxWaitMs, redeliveryDelayMs, maxRedeliveryDelayMs);
    }

    @BindToRegistry(lazy = true)
    public OutcomeRecorder outcomeRecorder(Ledger ledger) {
        return new OutcomeRecorder(ledger);
    }

}
