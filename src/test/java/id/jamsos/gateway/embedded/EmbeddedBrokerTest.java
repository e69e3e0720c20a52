package id.jamsos.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talks to the broker over TCP with the plain ActiveMQ JMS client, as the gateway's routes will. */
class EmbeddedBrokerTest {

    private static final long RECEIVE_MS = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private EmbeddedBroker broker;

    @BeforeEach
    void startBroker() {
        broker = EmbeddedBroker.start(tmp.resolve("broker"), true);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void listensOnLoopbackEphemeralPort() {
        assertThat(broker.brokerUrl()).matches("tcp://127\\.0\\.0\\.1:\\d+");
        assertThat(broker.port()).isPositive();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void persistentMessageRoundTrip() throws Exception {
        send("jamsos.test.roundtrip", "hello sorong", DeliveryMode.PERSISTENT);
        await().atMost(WAIT).until(() -> broker.queueSize("jamsos.test.roundtrip") == 1);

        assertThat(receiveText("jamsos.test.roundtrip")).isEqualTo("hello sorong");
        await().atMost(WAIT).until(() -> broker.queueSize("jamsos.test.roundtrip") == 0);
    }

    @Test
    void persistentMessageSurvivesRestart() throws Exception {
        assertThat(broker.durableOnDisk())
                .as("KahaDB must be on the class path: add org.apache.activemq:activemq-kahadb-store to pom.xml")
                .isTrue();
        int port = broker.port();
        send("jamsos.test.durable", "kept", DeliveryMode.PERSISTENT);
        send("jamsos.test.volatile", "lost", DeliveryMode.NON_PERSISTENT);
        await().atMost(WAIT).until(() -> broker.queueSize("jamsos.test.durable") == 1
                && broker.queueSize("jamsos.test.volatile") == 1);

        broker.restart();

        assertThat(broker.port()).isEqualTo(port);
        await().atMost(WAIT).until(() -> broker.queueSize("jamsos.test.durable") == 1);
        assertThat(receiveText("jamsos.test.durable")).isEqualTo("kept");
        // The contrast shows the restart really dropped the broker's memory.
        assertThat(broker.queueSize("jamsos.test.volatile")).isZero();
    }

    @Test
    void stoppedBrokerComesBackOnRestart() throws Exception {
        broker.stop();
        assertThat(broker.isRunning()).isFalse();

        broker.restart();

        send("jamsos.test.after", "back", DeliveryMode.PERSISTENT);
        assertThat(receiveText("jamsos.test.after")).isEqualTo("back");
    }

    @Test
    void messageRolledBackPastRedeliveryLimitLandsOnItsOwnDlq() throws Exception {
        String queue = "jamsos.test.poison";
        send(queue, "poison", DeliveryMode.PERSISTENT);

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.brokerUrl());
        RedeliveryPolicy policy = factory.getRedeliveryPolicy();
        policy.setMaximumRedeliveries(2);
        policy.setInitialRedeliveryDelay(0);
        policy.setRedeliveryDelay(0);
        int deliveries = 0;
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message;
            while ((message = consumer.receive(2_000)) != null) {
                deliveries++;
                assertThat(deliveries).as("deliveries").isLessThanOrEqualTo(10);
                session.rollback();
            }
        }

        // One first delivery plus two redeliveries, then the broker gives up on it.
        assertThat(deliveries).isEqualTo(3);
        await().atMost(WAIT).until(() -> broker.queueSize("DLQ." + queue) == 1);
        assertThat(broker.queueSize(queue)).isZero();
        assertThat(broker.queueSize("ActiveMQ.DLQ")).isZero();
        assertThat(receiveText("DLQ." + queue)).isEqualTo("poison");
    }

    @Test
    void queueSizeOfUnknownQueueIsZero() {
        assertThat(broker.queueSize("jamsos.never.used")).isZero();
    }

    private void send(String queue, String text, int deliveryMode) throws JMSException {
        try (Connection connection = new ActiveMQConnectionFactory(broker.brokerUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(deliveryMode);
            producer.send(session.createTextMessage(text));
        }
    }

    private String receiveText(String queue) throws JMSException {
        try (Connection connection = new ActiveMQConnectionFactory(broker.brokerUrl()).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message message = session.createConsumer(session.createQueue(queue)).receive(RECEIVE_MS);
            assertThat(message).as("message on " + queue).isInstanceOf(TextMessage.class);
            return ((TextMessage) message).getText();
        }
    }
}
