package id.jamsos.gateway.app;

import id.jamsos.gateway.enrollment.TransientDeliveryException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The circuit breaker on the BPJS endpoint, from the {@code jamsos.breaker.*} settings. */
final class EndpointCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCircuitBreaker.class);

    private EndpointCircuitBreaker() {
    }

    static CircuitBreaker create(GatewayProperties props) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(props.getInt("jamsos.breaker.windowCalls"))
                .minimumNumberOfCalls(props.getInt("jamsos.breaker.minimumCalls"))
                .failureRateThreshold(props.getInt("jamsos.breaker.failureRatePercent"))
                .waitDurationInOpenState(Duration.ofSeconds(props.getLong("jamsos.breaker.openSeconds")))
                .permittedNumberOfCallsInHalfOpenState(props.getInt("jamsos.breaker.halfOpenCalls"))
                // Recovers by itself: after the open time the next call is a probe.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // Only "the endpoint could not answer" counts; a business refusal means it is up.
                .recordException(e -> e instanceof TransientDeliveryException)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("bpjs-endpoint", config);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("BPJS endpoint circuit {} -> {}",
                e.getStateTransition().getFromState(), e.getStateTransition().getToState()));
        return breaker;
    }
}
