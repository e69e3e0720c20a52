package id.jamsos.gateway.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.ActiveMQConnection;
import id.jamsos.gateway.support.BrokerTls;
import org.apache.activemq.ActiveMQSslConnectionFactory;
import org.apache.activemq.management.JMSStatsImpl;
import org.apache.activemq.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's ActiveMQ connection factory, remembering the connections it made so that a stop
 * can cut them.
 *
 * <p>Why: with a {@code failover:} URL (what production uses) a thread that sends while the broker
 * is away waits until it is back, for ever by default, and holds its connection's write lock
 * meanwhile. Stopping a JMS consumer needs that same lock, and Camel's stop waits for its
 * consumers: a gateway stopped while the broker was down never ended (systemd killed it after
 * 60 s). Stopping the transports makes every waiting send fail at once; nothing is lost by it:
 * claims stay in the ledger's outbox and a job not acknowledged is redelivered by the broker.
 *
 * <p>An SSL factory so that an {@code ssl://} broker is reached with {@code jamsos.broker.tls.*}
 * ({@link BrokerTls}); on {@code tcp://} it is the plain one.
 */
final class BrokerConnections extends ActiveMQSslConnectionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

    private final Set<ActiveMQConnection> made = ConcurrentHashMap.newKeySet();

    BrokerConnections(String brokerUrl, BrokerTls tls) {
        super(brokerUrl);
        tls.applyTo(this);
    }

    @Override
    protected ActiveMQConnection createActiveMQConnection(Transport transport, JMSStatsImpl stats) throws Exception {
        ActiveMQConnection connection = super.createActiveMQConnection(transport, stats);
        made.removeIf(ActiveMQConnection::isClosed);
        made.add(connection);
        return connection;
    }

    /** False when any open connection has lost its broker (failover is trying to get it back). */
    boolean allConnected() {
        return made.stream().filter(c -> !c.isClosed())
                .allMatch(c -> !c.isTransportFailed() && c.getTransport().isConnected());
    }

    /** Stops every open connection's transport: sends waiting for the broker fail now. */
    int cut() {
        int cut = 0;
        for (ActiveMQConnection c : made) {
            if (c.isClosed()) {
                continue;
            }
            try {
                c.getTransport().stop();
                cut++;
            } catch (Exception e) {
                LOG.debug("broker transport did not stop cleanly: {}", e.toString());
            }
        }
        return cut;
    }
}
