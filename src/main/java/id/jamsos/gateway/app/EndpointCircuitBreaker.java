package id.jamsos.gateway.app;

import id.jamsos.gateway.enrollment.EndpointFailures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker on the BPJS endpoint, from the {@code jamsos.breaker.*} settings. One instance,
 * bound in the registry: the enroller's {@code circuitBreaker} step uses it by reference, and the
 * health detail "endpoint" and the status page read its state (a detail, not readiness).
 */
final class EndpointCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCircuitBreaker.class);

    private EndpointCircuitBreaker() {
    }

    static CircuitBreaker create(int windowCalls, int minimumCalls, int failureRatePercent, long openSeconds,
                                 int halfOpenCalls) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(windowCalls)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(Duration.ofSeconds(openSeconds))
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                // Recovers by itself: after the open time the next call is a probe.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // Only "the endpoint could not answer" counts; a business refusal or refused
                // credentials mean it is up.
                .recordException(EndpointFailures::endpointFailed)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("bpjs-endpoint", config);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("BPJS endpoint circuit {} -> {}",
                e.getStateTransition().getFromState(), e.getStateTransition().getToState()));
        return breaker;
    }
}
