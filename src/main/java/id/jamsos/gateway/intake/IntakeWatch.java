package id.jamsos.gateway.intake;

import id.jamsos.gateway.Headers;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says it when an agency's file has been in the intake for longer than it should: a file between
 * "received" and "read" that stays there (a call without a timeout, a lock nobody lets go of) otherwise
 * holds the agency's inbox up in silence (docs/operations.md, "A file that stays in the intake"). Once
 * per file and stall, at WARN, with where the agency's intake thread waits (class and method names only:
 * no worker's data is in a stack frame), and again at INFO when the file moves on.
 *
 * <p>It only looks: a thread blocked in a call cannot be taken back from outside without leaving the file
 * half recorded; a restart resumes it (the file stays RECEIVING and is read on from its queued mark).
 */
public final class IntakeWatch {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeWatch.class);
    /** Frames of the intake thread's stack in the warning: enough to see the call it waits in. */
    static final int FRAMES = 25;

    private final CamelContext context;
    private final Duration stuckAfter;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** When each intake exchange was first seen in flight (Camel's own elapsed time may read 0). */
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    public IntakeWatch(CamelContext context, Duration stuckAfter) {
        this.context = context;
        this.stuckAfter = stuckAfter;
        // Camel records in-flight exchanges, but lists them only when asked to before they start.
        context.getInflightRepository().setInflightBrowseEnabled(true);
    }

    /** The intake route of an agency (app/AgencyRoutes#intakeRouteId). */
    static boolean isIntake(String routeId) {
        return routeId != null && routeId.startsWith("intake-");
    }

    /**
     * Warns about each intake exchange in flight for longer than the setting, once.
     *
     * @return how many such files there are now
     */
    public int check() {
        if (stuckAfter.isZero() || stuckAfter.isNegative()) {
            return 0;
        }
        // Camel may make its repository anew as it starts (camel.main.inflightRepositoryBrowseEnabled sets it there).
        if (!context.getInflightRepository().isInflightBrowseEnabled()) {
            context.getInflightRepository().setInflightBrowseEnabled(true);
        }
        int stuck = 0;
        Set<String> now = new HashSet<>();
        for (InflightRepository.InflightExchange in : context.getInflightRepository().browse()) {
            // Made by the intake route's SFTP consumer; the route it is in now when sent to the route otherwise.
            String route = in.getFromRouteId() != null ? in.getFromRouteId() : in.getAtRouteId();
            if (!isIntake(route)) {
                continue;
            }
            Exchange e = in.getExchange();
            String key = e.getExchangeId();
            now.add(key);
            long seenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstSeen.computeIfAbsent(key,
                    k -> System.nanoTime()));
            long elapsedMs = Math.max(in.getElapsed(), seenMs);
            if (elapsedMs < stuckAfter.toMillis()) {
                continue;
            }
            stuck++;
            String agencyId = e.getProperty(Headers.AGENCY_ID, String.class);
            if (warned.add(key)) {
                LOG.warn("agency={} file={} id={} has been in the intake for at least {} s without being read to the end"
                                + " (jamsos.intake.stuckWarnMs={}); the agency's later files wait behind it. {}",
                        agencyId, e.getProperty(Headers.FILE_NAME, String.class), e.getProperty(Headers.FILE_ID, Long.class),
                        elapsedMs / 1000, stuckAfter.toMillis(), whereItWaits(agencyId));
            }
        }
        firstSeen.keySet().retainAll(now);
        for (String key : warned) {
            if (!now.contains(key)) {
                warned.remove(key);
                LOG.info("a file reported as stuck in the intake has moved on (exchange {})", key);
            }
        }
        return stuck;
    }

    /**
     * The stack of the agency's intake thread: Camel names a consumer's thread after its endpoint,
     * {@code sftp-<agency id>://host:port/<inbox>} (the confirmations route's ends in /konfirmasi).
     */
    static String whereItWaits(String agencyId) {
        String endpoint = "sftp-" + agencyId + "://";
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            String name = t.getKey().getName();
            if (!name.contains(endpoint) || name.endsWith("/konfirmasi")) {
                continue;
            }
            out.append("Thread \"").append(name).append("\" ").append(t.getKey().getState()).append(':');
            StackTraceElement[] stack = t.getValue();
            for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
                out.append("\n\tat ").append(stack[i]);
            }
        }
        return out.length() == 0 ? "(its intake thread was not found)" : out.toString();
    }
}
