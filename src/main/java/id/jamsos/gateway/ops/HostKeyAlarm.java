package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.report.ReportWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agency's SFTP server that answers with a host key other than the one in its known_hosts file
 * (a man in the middle, or a server rebuilt without its key): JSch refuses to log in, and this says
 * so in words. The first refusal is an ERROR naming the agency; while it lasts, one more ERROR every
 * {@link #REPEAT} (a poll every few seconds would otherwise bury the log), every refused connection
 * counted in {@code jamsos_sftp_host_key_mismatch_total{agency}} and the agency flagged on the
 * status page until a connection succeeds again.
 */
public final class HostKeyAlarm {

    /** The name the gateway binds it under; the SFTP routes and the writer's error handler use it. */
    public static final String BEAN = "hostKeyAlarm";
    public static final Duration REPEAT = Duration.ofMinutes(15);
    static final String METER = "jamsos.sftp.host.key.mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(HostKeyAlarm.class);
    /** What JSch says when strict checking refuses a key: a changed one, or one not in the file. */
    private static final String[] JSCH_REFUSALS = {"HostKey has been changed", "reject HostKey"};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration repeat;
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Map<String, Mismatch> active = new ConcurrentHashMap<>();
    /** When each agency's refusal was last said at ERROR, per what was refused (poll, report upload). */
    private final Map<String, Instant> lastError = new ConcurrentHashMap<>();

    public HostKeyAlarm(MeterRegistry registry, Clock clock) {
        this(registry, clock, REPEAT);
    }

    HostKeyAlarm(MeterRegistry registry, Clock clock, Duration repeat) {
        this.registry = registry;
        this.clock = clock;
        this.repeat = repeat;
    }

    /** An agency whose SFTP server the gateway connects to; its counter starts at 0 so alerts see it. */
    public void watch(String agencyId, String host, int port, String knownHostsFile) {
        servers.put(agencyId, new Server(host + ":" + port, knownHostsFile, counter(agencyId)));
    }

    /** The agency is gone from the configuration: nothing to show for it any more. */
    public synchronized void forget(String agencyId) {
        servers.remove(agencyId);
        clear(agencyId);
    }

    /** True when the failure, or one of its causes, is JSch refusing the server's host key. */
    public static boolean isHostKeyRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                for (String refusal : JSCH_REFUSALS) {
                    if (message.contains(refusal)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** For the SFTP writer's error handler: did writing to the agency's server fail on its host key? */
    public boolean refusedHostKey(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        return isHostKeyRefusal(failure);
    }

    /**
     * The SFTP writer's error handler step once a report or an error note was refused for the host key.
     * Reports carry the agency as a header ({@code agencyHeader}), the intake's notes as a property.
     */
    public void uploadRefused(@Header(Headers.AGENCY_ID) String agencyHeader,
                              @ExchangeProperty(Headers.AGENCY_ID) String agencyProperty,
                              @Header(Headers.TARGET) String target) {
        String agencyId = agencyHeader != null ? agencyHeader : agencyProperty != null ? agencyProperty : "unknown";
        boolean note = ReportWriter.FAILED.equals(target);
        refused(agencyId, note ? "error note upload" : "report upload");
    }

    /**
     * One connection to the agency's server refused because of its host key, while polling the inbox
     * or writing a report ({@code during}); each of those says it at ERROR on its own schedule.
     *
     * @return whether it was said at ERROR this time
     */
    public boolean refused(String agencyId, String during) {
        Server server = servers.get(agencyId);
        String hostPort = server == null ? "unknown server" : server.hostPort();
        String knownHosts = server == null ? "(unknown)" : server.knownHostsFile();
        (server == null ? counter(agencyId) : server.refusals()).increment();
        Instant now = clock.instant();
        Mismatch m;
        boolean due;
        synchronized (this) {
            Mismatch old = active.get(agencyId);
            m = old == null ? new Mismatch(hostPort, knownHosts, now, 1)
                    : new Mismatch(old.hostPort(), old.knownHostsFile(), old.since(), old.refusals() + 1);
            active.put(agencyId, m);
            Instant last = lastError.get(errorKey(agencyId, during));
            due = last == null || !now.isBefore(last.plus(repeat));
            if (due) {
                lastError.put(errorKey(agencyId, during), now);
            }
        }
        if (due) {
            LOG.error("agency={} {} at {}: SFTP host key changed / does not match known_hosts {} — refusing to connect"
                            + " (possible man-in-the-middle); verify the server's key with the agency before updating"
                            + " known_hosts (refused connections: {} since {}; said again at most every {} minutes)",
                    agencyId, during, hostPort, knownHosts, m.refusals(), m.since(), repeat.toMinutes());
        } else {
            LOG.debug("agency={} {} at {}: host key still refused (refused connections: {} since {})", agencyId, during,
                    hostPort, m.refusals(), m.since());
        }
        return due;
    }

    /** A connection to the agency's server succeeded: its host key matches known_hosts (again). */
    public void connected(String agencyId) {
        Mismatch was;
        synchronized (this) {
            was = clear(agencyId);
        }
        if (was != null) {
            LOG.info("agency={} SFTP host key of {} matches known_hosts {} again (refused connections before: {});"
                    + " connecting", agencyId, was.hostPort(), was.knownHostsFile(), was.refusals());
        }
    }

    /** Agencies whose server is being refused now, by agency id. */
    public Map<String, Mismatch> active() {
        return new TreeMap<>(active);
    }

    private Mismatch clear(String agencyId) {
        lastError.keySet().removeIf(k -> k.startsWith(agencyId + " "));
        return active.remove(agencyId);
    }

    private static String errorKey(String agencyId, String during) {
        return agencyId + " " + during;
    }

    private Counter counter(String agencyId) {
        return Counter.builder(METER).tag("agency", agencyId)
                .description("SFTP connections refused because the server's host key does not match known_hosts")
                .register(registry);
    }

    /** Since when an agency's server has been refused, and how often. */
    public record Mismatch(String hostPort, String knownHostsFile, Instant since, long refusals) {
    }

    private record Server(String hostPort, String knownHostsFile, Counter refusals) {
    }
}
