package id.jamsos.gateway.verification;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.registry.RegistryRefusedException;
import id.jamsos.gateway.registry.RegistryUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The population registry refusing the gateway itself ("Login Gagal", "IP Address Tidak Sesuai") is not
 * the rows' fault: an operator must fix the credentials or the registered address. So a refusal holds the
 * job instead of deciding its rows: the verification route catches it and calls {@link #hold}, which says so at
 * ERROR (at most every {@link #REPEAT}), counts it ({@code jamsos_registry_refusals_total}, and
 * {@code jamsos_registry_refused} is 1 until the registry answers again), waits a little and lets the
 * job roll back onto the broker, its attempts untouched. A registry that cannot be asked (after the
 * client's retries) holds the job the same way, at WARN: nothing is decided for its rows.
 */
public final class RegistryAlarm {

    public static final String BEAN = "registryAlarm";
    public static final Duration REPEAT = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAlarm.class);

    private final long holdMillis;
    private final Clock clock;
    private Instant refusedSince;
    private String lastAnswer;
    private Instant lastError;
    private long refusals;
    private long unavailable;

    /** @param holdMillis how long a held job keeps its consumer before it is rolled back (the broker then waits its own delay) */
    public RegistryAlarm(long holdMillis, Clock clock) {
        this.holdMillis = holdMillis;
        this.clock = clock;
    }

    /**
     * The verification route's catch of a job the registry refused or could not answer: says and counts
     * it, waits, and throws {@code cause} on, so that the enroller's transaction rolls the job back.
     */
    public void hold(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                     @Header(Headers.FILE_ID) String fileId) throws Exception {
        RegistryRefusedException refused = find(cause, RegistryRefusedException.class);
        String file = fileId == null ? "?" : fileId;
        if (refused != null) {
            boolean due;
            synchronized (this) {
                Instant now = clock.instant();
                refusals++;
                if (refusedSince == null) {
                    refusedSince = now;
                }
                lastAnswer = refused.answer();
                due = lastError == null || !now.isBefore(lastError.plus(REPEAT));
                if (due) {
                    lastError = now;
                }
            }
            if (due) {
                LOG.error("the population registry refuses the gateway ({}): check the registry login"
                        + " (jamsos.registry.*) and the address registered with Dukcapil for this host. Enrollment of"
                        + " agencies with registry_verify is held: no row is refused or parked, the jobs are tried"
                        + " again and go on by themselves once the registry answers (job of file {} held; said"
                        + " again at most every {} minutes)", refused.answer(), file, REPEAT.toMinutes());
            } else {
                LOG.debug("job of file {} held: the population registry still refuses the gateway", file);
            }
        } else {
            synchronized (this) {
                unavailable++;
            }
            RegistryUnavailableException down = find(cause, RegistryUnavailableException.class);
            LOG.warn("job of file {} held: the population registry cannot be asked ({}); its rows wait and are"
                    + " checked again at the next delivery", file, down != null ? down.getMessage()
                    : cause == null ? "unknown" : cause.getMessage());
        }
        if (holdMillis > 0) {
            Thread.sleep(holdMillis);
        }
        if (refused == null && find(cause, RegistryUnavailableException.class) == null) {
            // The registry client's route not running (switched off): an outage for the enroller too.
            throw new RegistryUnavailableException("the population registry client is not running"
                    + " (jamsos.registry.enabled)", cause);
        }
        if (cause instanceof Exception e) {
            throw e;
        }
        throw new IllegalStateException("held for the population registry", cause);
    }

    /** The registry answered a job's rows: a refusal that was on is over. */
    public void answered() {
        Instant since;
        synchronized (this) {
            if (refusedSince == null) {
                return;
            }
            since = refusedSince;
            refusedSince = null;
            lastError = null;
        }
        LOG.info("the population registry answers the gateway again (refused since {}); held jobs go on", since);
    }

    /** Since when the registry refuses the gateway, and its last answer; empty while it does not. */
    public synchronized Optional<String> refusal() {
        return refusedSince == null ? Optional.empty()
                : Optional.of(lastAnswer + " (since " + refusedSince + ")");
    }

    public synchronized long refusals() {
        return refusals;
    }

    public synchronized long unavailable() {
        return unavailable;
    }

    /** {@code jamsos_registry_refused} (1 while refused) and {@code jamsos_registry_refusals_total}. */
    public void meters(MeterRegistry registry) {
        Gauge.builder("jamsos.registry.refused", this, a -> a.refusal().isPresent() ? 1 : 0)
                .description("1 while the population registry refuses the gateway (login, IP): verified jobs held")
                .register(registry);
        FunctionCounter.builder("jamsos.registry.refusals", this, RegistryAlarm::refusals)
                .description("Jobs held because the population registry refused the gateway").register(registry);
        FunctionCounter.builder("jamsos.registry.unavailable", this, RegistryAlarm::unavailable)
                .description("Jobs held because the population registry could not be asked").register(registry);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
