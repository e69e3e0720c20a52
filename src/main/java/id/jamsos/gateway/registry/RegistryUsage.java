package id.jamsos.gateway.registry;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.RegistryUsageLedger;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Counts every call that reached the registry, per month, purpose, agency and outcome, in the ledger
 * (registry_usage, V30): the access agreement asks for a usage report every semester
 * ({@code registry-usage --semester}). A call is counted once per attempt, as the registry itself
 * counts it; a call the open circuit breaker held back never left the gateway and is not counted.
 * The month is the programme's zone's (jamsos.finance.zone).
 */
public final class RegistryUsage {

    private final RegistryUsageLedger ledger;
    private final Clock clock;
    private final ZoneId zone;

    public RegistryUsage(RegistryUsageLedger ledger, Clock clock, ZoneId zone) {
        this.ledger = ledger;
        this.clock = clock;
        this.zone = zone;
    }

    /** After an answer was read: counts it and hands it on. */
    public RegistryAnswer answered(@ExchangeProperty(Headers.REGISTRY_REQUEST) RegistryRequest request,
                                   @Body RegistryAnswer answer) {
        count(request, answer.isRefusal() ? RegistryOutcome.REFUSED : RegistryOutcome.of(answer.verdict()));
        return answer;
    }

    /** In the breaker's fallback: counts a call that reached the registry and brought no verdict. */
    public void failed(@ExchangeProperty(Headers.REGISTRY_REQUEST) RegistryRequest request,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        if (request == null || !RegistryFailures.reachedRegistry(cause)) {
            return;
        }
        count(request, RegistryOutcome.NO_ANSWER);
    }

    private void count(RegistryRequest request, RegistryOutcome outcome) {
        ledger.count(YearMonth.now(clock.withZone(zone)), request.purpose(), request.agencyId(), outcome);
    }
}
