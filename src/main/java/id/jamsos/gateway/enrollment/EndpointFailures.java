package id.jamsos.gateway.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsHttp;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.RuntimeCamelException;

/**
 * What counts as the BPJS endpoint failing, for its circuit breaker, and what a failed call becomes
 * for the enroller's error handler (the circuit breaker's fallback).
 *
 * <p>Only "the endpoint could not answer" counts against the endpoint: it was unreachable, timed out,
 * broke the TLS handshake, or answered 429 or 5xx. A refused batch or refused credentials mean the
 * endpoint is up, so they count as successful calls (the breaker's record predicate says no).
 */
public final class EndpointFailures {

    private final CircuitBreaker breaker;

    public EndpointFailures(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** The circuit breaker's record predicate: true when the endpoint itself failed. */
    public static boolean endpointFailed(Throwable failure) {
        Throwable t = unwrapped(failure);
        if (t instanceof CredentialsRefusedException) {
            return false;
        }
        if (t instanceof TransientDeliveryException) {
            return true;
        }
        return t instanceof IOException && !(t instanceof JsonProcessingException);
    }

    /**
     * The circuit breaker's fallback: what the error handler is to sort (retry, hold, park). A call the
     * breaker did not let through ({@code cause} null: Camel's circuit breaker leaves no exception
     * then) is "circuit open"; an I/O failure is transient; a transient failure while the breaker is
     * not closed is marked as an outage, which uses up none of the job's attempts.
     */
    public RuntimeException asDeliveryFailure(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        Throwable t = unwrapped(cause);
        if (t == null || t instanceof CallNotPermittedException) {
            return TransientDeliveryException.circuitOpen(
                    breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        }
        if (t instanceof CredentialsRefusedException refused) {
            return refused;
        }
        TransientDeliveryException failed;
        if (t instanceof TransientDeliveryException transientFailure) {
            failed = transientFailure;
        } else if (t instanceof JsonProcessingException e) {
            return new PermanentDeliveryException("cannot encode the enrollment batch: " + e.getOriginalMessage());
        } else if (t instanceof IOException e) {
            // Refused connections, resets and timeouts alike: all worth a retry. A TLS failure too: the
            // operator fixes the trust store and the rows go through, or park meanwhile.
            failed = new TransientDeliveryException(BpjsHttp.failure(e), 0, e);
        } else if (t instanceof RuntimeException other) {
            return other;
        } else {
            return new RuntimeCamelException(t);
        }
        return breaker.getState() == CircuitBreaker.State.CLOSED ? failed : failed.duringOutage();
    }

    /**
     * After the circuit breaker: throws what its fallback made of a failure, so that the route's
     * error handler sees it (the breaker, like doTry, keeps failures inside it from the error
     * handler); nothing when the call succeeded.
     */
    public void rethrow(@ExchangeProperty(Headers.DELIVERY_FAILURE) RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
    }

    /** Camel wraps checked exceptions on their way through the circuit breaker. */
    private static Throwable unwrapped(Throwable failure) {
        Throwable t = failure;
        while (t instanceof RuntimeCamelException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
