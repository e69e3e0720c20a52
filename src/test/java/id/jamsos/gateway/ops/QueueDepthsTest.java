package id.jamsos.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.filter.DestinationMapEntry;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.AuthorizationEntry;
import org.apache.activemq.security.AuthorizationPlugin;
import org.apache.activemq.security.DefaultAuthorizationMap;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dead letters on a broker without a per-queue strategy (a stock ActiveMQ): the gateway's are found
 * in the shared ActiveMQ.DLQ by their original queue, other applications' are not counted, and a
 * broker that does not let the gateway read the shared queue leaves those counts unknown without
 * making the broker look down. The broker runs in this JVM here, for speed; StandaloneBrokerTest
 * does the same against a broker process with the shipped and the stock configuration.
 */
class QueueDepthsTest {

    private static final QueueDepths.DeadLetters DEAD = new QueueDepths.DeadLetters("DLQ.", "ActiveMQ.DLQ",
            List.of("jamsos.enrollment", "jamsos.finance"));
    private static final List<String> QUEUES = List.of("jamsos.enrollment", "jamsos.finance",
            "DLQ.jamsos.enrollment", "DLQ.jamsos.finance");

    private BrokerService broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    @Test
    void theGatewaysDeadLettersInTheSharedQueueAreCountedPerOriginalQueue() throws Exception {
        String url = start(null);
        send(url, null, "jamsos.finance", 2);
        send(url, null, "other.app.orders", 3);
        reject(url, null, "jamsos.finance");
        reject(url, null, "other.app.orders");
        send(url, null, "jamsos.finance", 1);

        QueueDepths depths = new QueueDepths(new ActiveMQConnectionFactory(url), QUEUES, DEAD, 100, 0, Clock.systemUTC());
        try {
            Map<String, Long> counted = depths.depths();
            System.out.println("[depths] stock broker: " + counted);
            assertThat(counted).containsEntry("jamsos.finance", 1L).containsEntry("DLQ.jamsos.finance", 0L)
                    .containsEntry("ActiveMQ.DLQ from jamsos.finance", 2L)
                    .containsEntry("ActiveMQ.DLQ from jamsos.enrollment", 0L);
            // Five messages are on ActiveMQ.DLQ; the three of another application are not the gateway's.
            assertThat(broker.getDestination(new ActiveMQQueue("ActiveMQ.DLQ")).getDestinationStatistics()
                    .getMessages().getCount()).isEqualTo(5);
            assertThat(depths.brokerReachable()).isTrue();
            assertThat(depths.isDeadLetter("ActiveMQ.DLQ from jamsos.finance")).isTrue();
            assertThat(depths.isDeadLetter("DLQ.jamsos.finance")).isTrue();
            assertThat(depths.isDeadLetter("jamsos.finance")).isFalse();
            assertThat(depths.originalQueue("ActiveMQ.DLQ from jamsos.finance")).isEqualTo("jamsos.finance");
            assertThat(depths.originalQueue("DLQ.jamsos.finance")).isNull();
        } finally {
            depths.close();
        }
    }

    @Test
    void aSharedQueueTheGatewayMayNotReadIsUnknownNotABrokerDown() throws Exception {
        String url = start(restrictedToJamsosQueues());
        send(url, "gateway", "jamsos.finance", 1);

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setUserName("gateway");
        factory.setPassword("secret");
        QueueDepths depths = new QueueDepths(factory, QUEUES, DEAD, 100, 0, Clock.systemUTC());
        try {
            Map<String, Long> counted = depths.depths();
            System.out.println("[depths] ActiveMQ.DLQ not readable: " + counted);
            assertThat(counted).containsEntry("jamsos.finance", 1L)
                    .containsEntry("ActiveMQ.DLQ from jamsos.finance", QueueDepths.UNKNOWN);
            assertThat(depths.brokerReachable()).isTrue();
        } finally {
            depths.close();
        }
    }

    @Test
    void withoutASharedQueueOnlyTheQueuesAreCounted() throws Exception {
        String url = start(null);
        QueueDepths.DeadLetters perQueueOnly = new QueueDepths.DeadLetters("DLQ.", "", DEAD.origins());
        QueueDepths depths = new QueueDepths(new ActiveMQConnectionFactory(url), QUEUES, perQueueOnly, 100, 0,
                Clock.systemUTC());
        try {
            assertThat(depths.depths()).containsOnlyKeys(QUEUES);
            assertThat(perQueueOnly.keys()).containsExactly("DLQ.jamsos.enrollment", "DLQ.jamsos.finance");
        } finally {
            depths.close();
        }
    }

    /** A broker as ActiveMQ ships it: no dead letter strategy, so the shared ActiveMQ.DLQ. */
    private String start(BrokerPlugin[] plugins) throws Exception {
        broker = new BrokerService();
        broker.setBrokerName("depths-" + System.nanoTime());
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        if (plugins != null) {
            broker.setPlugins(plugins);
        }
        broker.start();
        broker.waitUntilStarted();
        return "vm://" + broker.getBrokerName() + "?create=false";
    }

    /** A user "gateway" who may use the jamsos queues and nothing else, ActiveMQ.DLQ included. */
    private static BrokerPlugin[] restrictedToJamsosQueues() throws Exception {
        SimpleAuthenticationPlugin users = new SimpleAuthenticationPlugin(
                List.of(new AuthenticationUser("gateway", "secret", "gateways")));
        AuthorizationEntry jamsos = new AuthorizationEntry();
        jamsos.setQueue("jamsos.>");
        jamsos.setRead("gateways");
        jamsos.setWrite("gateways");
        jamsos.setAdmin("gateways");
        AuthorizationEntry dlq = new AuthorizationEntry();
        dlq.setQueue("DLQ.jamsos.>");
        dlq.setRead("gateways");
        dlq.setWrite("gateways");
        dlq.setAdmin("gateways");
        AuthorizationEntry advisories = new AuthorizationEntry();
        advisories.setTopic("ActiveMQ.Advisory.>");
        advisories.setRead("gateways");
        advisories.setWrite("gateways");
        advisories.setAdmin("gateways");
        List<DestinationMapEntry> entries = List.of(jamsos, dlq, advisories);
        return new BrokerPlugin[] {users, new AuthorizationPlugin(new DefaultAuthorizationMap(entries))};
    }

    private static void send(String url, String user, String queue, int n) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection(user, user == null ? null : "secret")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (int i = 0; i < n; i++) {
                s.createProducer(s.createQueue(queue)).send(s.createTextMessage(queue + " " + i));
            }
        }
    }

    /** Rolls every message of the queue back until the client gives up on it: the broker dead-letters it. */
    private static void reject(String url, String user, String queue) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        RedeliveryPolicy policy = factory.getRedeliveryPolicy();
        policy.setMaximumRedeliveries(0);
        policy.setInitialRedeliveryDelay(0);
        try (Connection c = factory.createConnection(user, user == null ? null : "secret")) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            Message m;
            while ((m = consumer.receive(1_000)) != null) {
                s.rollback();
            }
        }
    }
}
