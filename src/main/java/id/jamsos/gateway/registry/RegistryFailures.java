package id.jamsos.gateway.registry;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The circuit breaker's fallback in registry.camel.yaml: what a failed call is for the route's retries
 * and for the caller. A call the open breaker did not let through (no exception: Camel's breaker
 * leaves none then, or {@link CallNotPermittedException}) is a plain {@link RegistryUnavailableException},
 * never retried; an I/O failure (timeout, refused, reset, TLS) becomes a
 * {@link RegistryTransientException}, retried; refusals and the rest go on as they are.
 */
public final class RegistryFailures {

    public void rethrow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        throw sorted(cause);
    }

    static RuntimeException sorted(Throwable cause) {
        Throwable t = unwrapped(cause);
        if (t == null || t instanceof CallNotPermittedException) {
            return new RegistryUnavailableException("population registry circuit open: it failed too many"
                    + " calls lately (jamsos.registry.breaker.*)", t);
        }
        if (t instanceof RegistryUnavailableException | t instanceof RegistryRefusedException) {
            return (RuntimeException) t;
        }
        if (t instanceof IOException e) {
            return new RegistryTransientException("population registry unreachable: " + e, null);
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** Whether a call reached the registry: what the usage record counts. */
    static boolean reachedRegistry(Throwable cause) {
        Throwable t = unwrapped(cause);
        return t != null && !(t instanceof CallNotPermittedException);
    }

    static Throwable unwrapped(Throwable failure) {
        Throwable t = failure;
        while (t != null && !(t instanceof RegistryUnavailableException) && !(t instanceof RegistryRefusedException)
                && !(t instanceof IOException) && !(t instanceof CallNotPermittedException) && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
