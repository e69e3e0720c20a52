package id.jamsos.gateway.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages waiting on the gateway's queues, counted with a JMS QueueBrowser: works on any JMS broker
 * without a broker plugin. Browsing is capped at {@code cap} messages per queue (shown as "cap+") and
 * the answer is cached for a few seconds, so a scrape never walks a huge backlog. The broker is asked
 * on one daemon thread with a time limit: a failover URL blocks while the broker is down, and the
 * status page and readiness probe must answer anyway.
 *
 * <p>Dead letters of queue X are looked for in two places: {@code DLQ.X}, where a broker configured as
 * deploy/activemq/activemq.xml puts them (individual dead letter strategy), and the shared
 * {@code ActiveMQ.DLQ}, where a stock ActiveMQ puts everyone's. The shared queue may hold other
 * applications' messages, so only those whose original destination is one of the gateway's queues
 * are counted, per original queue, under the key {@code "ActiveMQ.DLQ from X"}.
 */
public final class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);

    /** -1 when the broker could not be asked. */
    public static final long UNKNOWN = -1;

    /**
     * Where the broker puts dead letters: {@code prefix + X} per queue X, and {@code sharedQueue} (blank:
     * not looked at) for a broker without a per-queue strategy; {@code origins} are the gateway's queues
     * whose dead letters are counted in both.
     */
    public record DeadLetters(String prefix, String sharedQueue, List<String> origins) {

        public DeadLetters {
            origins = List.copyOf(origins);
            sharedQueue = sharedQueue == null ? "" : sharedQueue.trim();
        }

        public String perQueue(String origin) {
            return prefix + origin;
        }

        /** The key under which the shared queue's dead letters from {@code origin} are counted. */
        public String shared(String origin) {
            return sharedQueue + " from " + origin;
        }

        public boolean sharedWatched() {
            return !sharedQueue.isEmpty();
        }

        /** Every key that counts dead letters: the per-queue ones, then the shared ones. */
        public List<String> keys() {
            List<String> keys = new ArrayList<>();
            origins.forEach(o -> keys.add(perQueue(o)));
            if (sharedWatched()) {
                origins.forEach(o -> keys.add(shared(o)));
            }
            return keys;
        }
    }

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
    private final DeadLetters deadLetters;
    private final int cap;
    private final long ttlMillis;
    private final Clock clock;
    private final ExecutorService asker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jamsos-queue-depths");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Long> cached = Map.of();
    private long cachedAt = Long.MIN_VALUE;
    private boolean reachable;
    private boolean sharedRefusedLogged;

    /**
     * @param queues      the queues to count, the per-queue dead letter queues among them
     * @param deadLetters where dead letters are; the shared queue is browsed in addition to {@code queues}
     */
    public QueueDepths(ConnectionFactory connectionFactory, List<String> queues, DeadLetters deadLetters, int cap,
                       long ttlMillis, Clock clock) {
        this.connectionFactory = connectionFactory;
        this.queues = List.copyOf(queues);
        this.deadLetters = deadLetters;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    public int cap() {
        return cap;
    }

    /** The queues counted one by one (the keys of {@link #depths()} without the shared dead letter counts). */
    public List<String> queues() {
        return queues;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Whether this key of {@link #depths()} counts dead letters (per queue or in the shared queue). */
    public boolean isDeadLetter(String key) {
        return deadLetters.keys().contains(key);
    }

    /** The gateway queue a key of the shared dead letter queue counts messages from, or null. */
    public String originalQueue(String key) {
        if (!deadLetters.sharedWatched()) {
            return null;
        }
        return deadLetters.origins().stream().filter(o -> deadLetters.shared(o).equals(key)).findFirst()
                .orElse(null);
    }

    /** Each queue's depth, then per gateway queue its dead letters in the shared queue (if watched). */
    public synchronized Map<String, Long> depths() {
        long now = clock.millis();
        if (cachedAt != Long.MIN_VALUE && now - cachedAt < ttlMillis) {
            return cached;
        }
        Map<String, Long> fresh;
        try {
            Future<Map<String, Long>> answer = asker.submit(this::browseAll);
            fresh = answer.get(3, TimeUnit.SECONDS);
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fresh = unknown();
            reachable = false;
        } catch (Exception e) {
            fresh = unknown();
            reachable = false;
        }
        cached = fresh;
        cachedAt = now;
        return fresh;
    }

    /** Whether the last count reached the broker (counts first when none is cached). */
    public synchronized boolean brokerReachable() {
        depths();
        return reachable;
    }

    public void close() {
        asker.shutdownNow();
    }

    private Map<String, Long> unknown() {
        Map<String, Long> m = new LinkedHashMap<>();
        queues.forEach(q -> m.put(q, UNKNOWN));
        if (deadLetters.sharedWatched()) {
            deadLetters.origins().forEach(o -> m.put(deadLetters.shared(o), UNKNOWN));
        }
        return m;
    }

    private Map<String, Long> browseAll() throws JMSException {
        Map<String, Long> fresh = new LinkedHashMap<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                for (String name : queues) {
                    fresh.put(name, count(s, s.createQueue(name)));
                }
                if (deadLetters.sharedWatched()) {
                    fresh.putAll(sharedDeadLetters(s));
                }
            }
        }
        return fresh;
    }

    private long count(Session s, Queue queue) throws JMSException {
        try (QueueBrowser browser = s.createBrowser(queue)) {
            Enumeration<?> e = browser.getEnumeration();
            long n = 0;
            while (n < cap && e.hasMoreElements()) {
                e.nextElement();
                n++;
            }
            return n;
        }
    }

    /**
     * Counts the shared dead letter queue's messages by original queue, among its first {@code cap}
     * messages. A broker that does not let the gateway read the shared queue is not a broker that is
     * down: those counts are unknown, said once in the log, and the other queues are still counted.
     */
    private Map<String, Long> sharedDeadLetters(Session s) throws JMSException {
        Map<String, Long> byOrigin = new LinkedHashMap<>();
        deadLetters.origins().forEach(o -> byOrigin.put(deadLetters.shared(o), 0L));
        try (QueueBrowser browser = s.createBrowser(s.createQueue(deadLetters.sharedQueue()))) {
            Enumeration<?> e = browser.getEnumeration();
            long seen = 0;
            while (seen < cap && e.hasMoreElements()) {
                String origin = originOf((Message) e.nextElement());
                seen++;
                if (origin != null && deadLetters.origins().contains(origin)) {
                    byOrigin.merge(deadLetters.shared(origin), 1L, Long::sum);
                }
            }
        } catch (JMSSecurityException refused) {
            if (!sharedRefusedLogged) {
                sharedRefusedLogged = true;
                LOG.warn("cannot browse {} to count the gateway's dead letters there: {}; grant the gateway's"
                        + " broker user read on it (deploy/activemq/README.md)", deadLetters.sharedQueue(),
                        refused.getMessage());
            }
            byOrigin.replaceAll((k, v) -> UNKNOWN);
        }
        return byOrigin;
    }

    /**
     * The queue a dead letter was first sent to. ActiveMQ keeps it on the message itself (not as a
     * JMS property), which only its own client exposes; another client's message has none.
     */
    static String originOf(Message m) {
        if (m instanceof ActiveMQMessage amq) {
            ActiveMQDestination original = amq.getOriginalDestination();
            if (original != null && original.isQueue()) {
                return original.getPhysicalName();
            }
        }
        return null;
    }
}
