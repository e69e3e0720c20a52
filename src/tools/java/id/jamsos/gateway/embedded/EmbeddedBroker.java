package id.jamsos.gateway.embedded;

import id.jamsos.gateway.support.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.PersistenceAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ActiveMQ Classic broker for the demo and the tests, reachable over TCP on 127.0.0.1 only.
 *
 * <p>Messages that exhaust their redeliveries on queue {@code X} land on {@code DLQ.X}, so each flow's failures
 * stay apart instead of mixing in one shared {@code ActiveMQ.DLQ}.
 *
 * <p>The broker operators run is set up by deploy/activemq/activemq.xml; this class says the same
 * things the gateway relies on (persistence on KahaDB, the per-queue dead letter strategy, no broker
 * scheduler), and ShippedBrokerConfigTest holds the two together. What differs is local: loopback
 * only, no authentication, no JMX and no advisories, a memory cap for sharing the gateway's heap.
 *
 * <p>Persistence is KahaDB under {@code dataDir/kahadb}, which needs {@code org.apache.activemq:activemq-kahadb-store}
 * on the class path: the broker jar alone ships no disk store. It is loaded reflectively so this class still
 * compiles and runs without it, but then the broker is non-persistent whatever was asked, with a warning;
 * {@link #durableOnDisk()} tells which one is running.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String KAHADB = "org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path dataDir;
    private final boolean persistent;
    private final String brokerName;
    private volatile BrokerService broker;
    private volatile int port;

    private EmbeddedBroker(Path dataDir, boolean persistent) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.persistent = persistent;
        // A distinct name per instance keeps several brokers in one JVM (tests) from colliding in the VM registry.
        this.brokerName = "jamsos-embedded-" + INSTANCES.incrementAndGet();
    }

    /**
     * Starts a broker on an ephemeral port.
     *
     * @param dataDir    broker working folder (KahaDB, temp store); created if absent
     * @param persistent whether persistent messages are kept across {@link #restart()}
     */
    public static EmbeddedBroker start(Path dataDir, boolean persistent) {
        EmbeddedBroker embedded = new EmbeddedBroker(dataDir, persistent);
        embedded.startOn(0);
        return embedded;
    }

    /** {@code tcp://127.0.0.1:PORT}; stays the same across {@link #restart()}. */
    public String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        BrokerService current = broker;
        return current != null && current.isStarted();
    }

    /** Whether persistent messages survive {@link #restart()} and a JVM restart (asked for, and KahaDB present). */
    public boolean durableOnDisk() {
        return persistent && kahaDbAvailable();
    }

    /**
     * Stops the broker if it runs and starts it again on the same port and data folder. Clients see their
     * connections drop; failover clients reconnect. Returns this object, which stays the handle to use.
     */
    public synchronized EmbeddedBroker restart() {
        stop();
        startOn(port);
        return this;
    }

    /** Stops the broker and waits until it has; a no-op when already stopped. */
    public synchronized void stop() {
        BrokerService current = broker;
        if (current == null) {
            return;
        }
        broker = null;
        try {
            current.stop();
            current.waitUntilStopped();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the embedded broker", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Messages currently held on a queue (pending, not yet acknowledged), 0 when the queue does not exist.
     * Reads the broker's own destination statistics, so it works without JMX.
     */
    public long queueSize(String queue) {
        BrokerService current = requireRunning();
        try {
            ActiveMQQueue destination = new ActiveMQQueue(queue);
            Destination found = current.getRegionBroker().getDestinationMap().get(destination);
            return found == null ? 0 : found.getDestinationStatistics().getMessages().getCount();
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the size of queue " + queue, e);
        }
    }

    private synchronized void startOn(int requestedPort) {
        try {
            // KahaDB keeps the queued enrollment jobs (NIKs, names) here.
            PrivateFiles.createDirectories(dataDir);
            BrokerService service = new BrokerService();
            service.setBrokerName(brokerName);
            service.setUseJmx(false);
            service.setUseShutdownHook(false);
            // The gateway's redelivery delays are kept by its JMS client (Gateway.connectionFactory), so
            // nothing needs the broker's scheduler; the shipped activemq.xml turns it off too.
            service.setSchedulerSupport(false);
            service.setAdvisorySupport(false);
            service.setDataDirectoryFile(dataDir.toFile());
            service.setTmpDataDirectory(dataDir.resolve("tmp").toFile());
            if (persistent && kahaDbAvailable()) {
                service.setPersistent(true);
                service.setPersistenceAdapter(kahaDb(dataDir));
            } else {
                if (persistent) {
                    // A persistent BrokerService needs KahaDB classes even for its temp store, so there is no
                    // honest persistent mode without them: run non-persistent and say so loudly.
                    LOG.warn("activemq-kahadb-store is not on the class path; the embedded broker runs "
                            + "NON-persistent and loses messages on restart()");
                }
                service.setPersistent(false);
            }
            service.setDestinationPolicy(deadLetterPolicy());
            // ActiveMQ's default (1 GiB, cut to 70 % of the heap) lets queued messages take most of the
            // heap the broker shares with the gateway; past this cap persistent messages wait on disk.
            service.getSystemUsage().getMemoryUsage().setLimit(64L * 1024 * 1024);
            TransportConnector connector = service.addConnector("tcp://127.0.0.1:" + requestedPort);
            service.start();
            if (!service.waitUntilStarted(30_000)) {
                throw new IllegalStateException("Embedded broker did not start within 30 s");
            }
            URI bound = connector.getConnectUri();
            this.port = bound.getPort();
            this.broker = service;
            LOG.info("Embedded broker {} listening on {} (persistent={}, on disk={})",
                    brokerName, brokerUrl(), persistent, durableOnDisk());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare broker data folder " + dataDir, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded broker", e);
        }
    }

    private static PersistenceAdapter kahaDb(Path dataDir) throws IOException {
        try {
            PersistenceAdapter kahaDb = (PersistenceAdapter) Class.forName(KAHADB).getConstructor().newInstance();
            kahaDb.setDirectory(dataDir.resolve("kahadb").toFile());
            return kahaDb;
        } catch (ReflectiveOperationException e) {
            throw new IOException("Could not create the KahaDB store", e);
        }
    }

    private static boolean kahaDbAvailable() {
        try {
            Class.forName(KAHADB, false, EmbeddedBroker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static PolicyMap deadLetterPolicy() {
        IndividualDeadLetterStrategy perQueue = new IndividualDeadLetterStrategy();
        perQueue.setQueuePrefix("DLQ.");
        perQueue.setUseQueueForQueueMessages(true);
        // A failed message is a failed message; do not silently drop it because it was sent non-persistent.
        perQueue.setProcessNonPersistent(true);
        PolicyEntry everyQueue = new PolicyEntry();
        everyQueue.setQueue(">");
        everyQueue.setDeadLetterStrategy(perQueue);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(everyQueue));
        return policies;
    }

    /** The running broker itself, for tests that compare its settings with the shipped activemq.xml. */
    BrokerService brokerService() {
        return requireRunning();
    }

    private BrokerService requireRunning() {
        BrokerService current = broker;
        if (current == null) {
            throw new IllegalStateException("The embedded broker is stopped");
        }
        return current;
    }

    public Path dataDir() {
        return dataDir;
    }
}
