package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Feeds {@link GatewayMetrics} from Camel's exchange events, so the enroller and the claim callback
 * need no metrics code: a redelivery in the enroller route is a retry; an enroller exchange that
 * completes is a decided job, or a parked one when its error handler caught an exception; a claim
 * outbox batch that the broker committed counts its messages to the finance queue as published
 * claims (counted after the commit, so a batch rolled back and sent again counts once).
 */
public final class OpsEventNotifier extends EventNotifierSupport {

    static final String ENROLLER_ROUTE = "enroller";

    private final GatewayMetrics metrics;

    public OpsEventNotifier(GatewayMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        if (event instanceof ExchangeCreatedEvent) {
            correlate(exchange);
            return;
        }
        if (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent) {
            // Not for an exchange that names another as its correlation id (a split's part, the circuit
            // breaker's copy): the parent's own lines follow them. A job's exchange names itself once the
            // breaker's results are copied back, and is cleared like one that names nobody.
            if (!namesAnotherExchange(exchange)) {
                OpsLogContext.clear();
            }
        }
        if (event instanceof ExchangeCompletedEvent) {
            Integer toFinance = exchange.getProperty(Headers.CLAIMS_TO_FINANCE, Integer.class);
            if (toFinance != null) {
                metrics.claimsPublished(toFinance);
            }
        }
        if (!ENROLLER_ROUTE.equals(exchange.getFromRouteId()) || isCircuitBreakerCopy(exchange)) {
            return;
        }
        if (event instanceof ExchangeRedeliveryEvent || event instanceof ExchangeFailedEvent) {
            // The enroller is transacted: a failed exchange is a rolled-back delivery that the
            // broker makes again, i.e. a retry; a job's end is a completed exchange.
            metrics.retry();
        } else if (event instanceof ExchangeCompletedEvent) {
            boolean parked = exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
            metrics.jobFinished(Duration.ofMillis(exchange.getClock().elapsed()), parked);
        }
    }

    /**
     * The circuit breaker runs its steps on a copy of the job's exchange that names the job's exchange
     * as its correlation id, and completes or fails on its own: not a second job, nor a second retry.
     * (The job's exchange gets the property too, when the copy's results are copied back, naming itself.)
     */
    private static boolean isCircuitBreakerCopy(Exchange exchange) {
        return namesAnotherExchange(exchange);
    }

    private static boolean namesAnotherExchange(Exchange exchange) {
        String correlation = exchange.getProperty(ExchangePropertyKey.CORRELATION_ID, String.class);
        return correlation != null && !correlation.equals(exchange.getExchangeId());
    }

    /** Enrollment jobs carry their file's id and agency as message headers (intake and replay set them). */
    private static void correlate(Exchange exchange) {
        if (!ENROLLER_ROUTE.equals(exchange.getFromRouteId())) {
            return;
        }
        Long fileId = exchange.getMessage().getHeader(Headers.FILE_ID, Long.class);
        String agencyId = exchange.getMessage().getHeader(Headers.AGENCY_ID, String.class);
        if (fileId != null) {
            OpsLogContext.file(agencyId == null ? "" : agencyId, fileId);
        }
    }
}
