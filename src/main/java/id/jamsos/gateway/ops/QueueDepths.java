package id.jamsos.gateway.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Messages waiting on the gateway's queues, counted with a JMS QueueBrowser: works on any JMS broker
 * without a broker plugin. Browsing is capped at {@code cap} messages per queue (shown as "cap+") and
 * the answer is cached for a few seconds, so a scrape never walks a huge backlog. The broker is asked
 * on one daemon thread with a time limit: a failover URL blocks while the broker is down, and the
 * status page and readiness probe must answer anyway.
 */
public final class QueueDepths {

    /** -1 when the broker could not be asked. */
    public static final long UNKNOWN = -1;

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
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

    public QueueDepths(ConnectionFactory connectionFactory, List<String> queues, int cap, long ttlMillis, Clock clock) {
        this.connectionFactory = connectionFactory;
        this.queues = List.copyOf(queues);
        this.cap = cap;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    public int cap() {
        return cap;
    }

    public List<String> queues() {
        return queues;
    }

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
}
