package id.jamsos.gateway.enrollment;

import id.jamsos.gateway.Headers;
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
 * BPJS refusing the city's credentials stops enrollment for every row alike; parking rows (or
 * reporting them refused to the agency) would put a problem of the gateway's configuration on the
 * agencies' desks. So a refusal trips this alarm instead:
 * <ul>
 *   <li>deliveries stop: while it lasts, one enrollment call is let through every {@code checkEvery}
 *       to see whether BPJS accepts the credentials again, every other job is held back without a
 *       call (rolled back onto the broker; attempts are not used up);</li>
 *   <li>one ERROR line says what to fix, again at most every {@link #REPEAT};</li>
 *   <li>{@code jamsos_bpjs_credentials_refused} is 1 and the status page and /ops/ready say it;</li>
 *   <li>once a call is accepted, an INFO line says so and the held jobs go on by themselves.</li>
 * </ul>
 * Readiness stays up: claim callbacks and intake do not need the enrollment credentials, and a pod
 * taken out of its Service would stop receiving claims too.
 */
public final class CredentialsAlarm {

    /** The name the gateway binds it under; the enroller's error handler and the ops wiring use it. */
    public static final String BEAN = "credentialsAlarm";
    public static final Duration REPEAT = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAlarm.class);

    private final String consId;
    private final Duration checkEvery;
    private final long maxWaitMillis;
    private final Clock clock;
    private final Duration repeat;
    private Refusal refusal;
    private Instant nextCheck;
    private Instant lastError;
    /** Refused calls since the refusal began, and since the start (for the counter). */
    private long refusedCalls;
    private long totalRefused;
    private long heldDeliveries;

    /**
     * @param consId        the consumer id the gateway sends, named in the ERROR line (it is not secret)
     * @param checkEvery    while refused, how often one call is let through to see whether BPJS accepts again
     * @param maxWaitMillis how long a held delivery may keep its consumer before it is rolled back
     */
    public CredentialsAlarm(String consId, Duration checkEvery, long maxWaitMillis, Clock clock) {
        this(consId, checkEvery, maxWaitMillis, clock, REPEAT);
    }

    CredentialsAlarm(String consId, Duration checkEvery, long maxWaitMillis, Clock clock, Duration repeat) {
        this.consId = consId;
        this.checkEvery = checkEvery;
        this.maxWaitMillis = maxWaitMillis;
        this.clock = clock;
        this.repeat = repeat;
    }

    /** Since when BPJS refuses the credentials, what it answered last, and how often. */
    public record Refusal(Instant since, String answer, String whatToFix, long refusedCalls) {
    }

    /**
     * Before an enrollment call: throws {@link CredentialsRefusedException} (held, no call) while BPJS
     * refuses the credentials and the next check is not due; otherwise the call may go ahead.
     */
    public synchronized void beforeCall() {
        if (refusal == null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextCheck)) {
            nextCheck = now.plus(checkEvery);
            return;
        }
        heldDeliveries++;
        throw CredentialsRefusedException.held(refusal.answer(), Duration.between(now, nextCheck).toMillis());
    }

    /** BPJS refused a call's credentials. */
    public void refused(CredentialsRefusedException e) {
        Refusal now;
        boolean due;
        synchronized (this) {
            Instant t = clock.instant();
            refusedCalls++;
            totalRefused++;
            now = new Refusal(refusal == null ? t : refusal.since(), e.answer(), whatToFix(e.code()), refusedCalls);
            refusal = now;
            nextCheck = t.plus(checkEvery);
            due = lastError == null || !t.isBefore(lastError.plus(repeat));
            if (due) {
                lastError = t;
            }
        }
        if (due) {
            LOG.error("BPJS refuses the gateway's credentials ({}). Fix: {}. Enrollment is held meanwhile: no row is"
                            + " parked or refused, one delivery is tried every {} s and the rows go on by themselves once"
                            + " BPJS accepts (refused calls: {} since {}; said again at most every {} minutes)",
                    now.answer(), now.whatToFix(), checkEvery.toSeconds(), now.refusedCalls(), now.since(),
                    repeat.toMinutes());
        } else {
            LOG.debug("BPJS still refuses the gateway's credentials ({}; refused calls: {})", now.answer(),
                    now.refusedCalls());
        }
    }

    /** BPJS accepted a call: the credentials are good (again). */
    public void accepted() {
        Refusal was;
        long held;
        synchronized (this) {
            if (refusal == null) {
                return;
            }
            was = refusal;
            held = heldDeliveries;
            refusal = null;
            lastError = null;
            heldDeliveries = 0;
            refusedCalls = 0;
        }
        LOG.info("BPJS accepts the gateway's credentials again (refused since {}, {} refused calls, {} deliveries held);"
                + " enrollment goes on", was.since(), was.refusedCalls(), held);
    }

    public synchronized Optional<Refusal> current() {
        return Optional.ofNullable(refusal);
    }

    /**
     * The enroller's error handler step for a held or refused job: it is rolled back onto the broker
     * after a wait until the next check (at most maxWaitMs), so that held jobs do not spin. Said at
     * DEBUG only: the alarm's ERROR line says it for all of them.
     */
    public void hold(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                     @Header(Headers.FILE_ID) String fileId) throws InterruptedException {
        long wait = cause instanceof TransientDeliveryException t ? Math.min(Math.max(0, t.retryAfterMillis()), maxWaitMillis) : 0;
        LOG.debug("enrollment job of file {} held: {}; the broker redelivers it{}",
                fileId == null ? "?" : fileId,
                cause == null ? "credentials refused" : cause.getMessage(), wait > 0 ? " after " + wait + " ms" : "");
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** {@code jamsos_bpjs_credentials_refused} (1 while refused) and {@code jamsos_bpjs_credentials_refusals_total}. */
    public void meters(MeterRegistry registry) {
        Gauge.builder("jamsos.bpjs.credentials.refused", this, a -> a.current().isPresent() ? 1 : 0)
                .description("1 while BPJS refuses the gateway's credentials (enrollment held), else 0")
                .register(registry);
        FunctionCounter.builder("jamsos.bpjs.credentials.refusals", this, CredentialsAlarm::refusedCallsTotal)
                .description("Enrollment calls BPJS refused for the gateway's credentials").register(registry);
    }

    private synchronized double refusedCallsTotal() {
        return totalRefused;
    }

    /** In words, per metaData code (docs/bpjs-api.md, section 1). */
    private String whatToFix(String code) {
        return switch (code == null ? "" : code) {
            case "403" -> "set jamsos.bpjs.userKey (environment JAMSOS_BPJS_USERKEY) to the user_key BPJS issued for the"
                    + " enrollment service, then restart the gateway";
            case "401" -> "check jamsos.bpjs.consId (now " + consId + ") and jamsos.bpjs.secret (environment"
                    + " JAMSOS_BPJS_SECRET) against what BPJS issued to the city, then restart the gateway";
            case "419" -> "the clock of this host is more than 5 minutes off BPJS's: set up time synchronisation (NTP);"
                    + " no restart needed";
            default -> "check the credentials BPJS issued to the city: jamsos.bpjs.consId (now " + consId
                    + "), JAMSOS_BPJS_SECRET and JAMSOS_BPJS_USERKEY, and ask BPJS whether they are active";
        };
    }
}
