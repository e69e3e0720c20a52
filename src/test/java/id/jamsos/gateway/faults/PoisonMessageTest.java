package id.jamsos.gateway.faults;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.routes.GatewayFixture;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A message the enroller can never read goes to the dead-letter queue after its attempts, with the reason. */
class PoisonMessageTest {

    @RegisterExtension
    final GatewayExtension gateways = GatewayExtension.onDemand();

    @Test
    void anUnreadableEnrollmentMessageIsDeadLetteredNotLoopedOrDropped() throws Exception {
        GatewayFixture fx = gateways.start(Map.of(
                "jamsos.delivery.maxAttempts", "3",
                "jamsos.delivery.redeliveryDelayMs", "50"));
        String queue = fx.props.get("jamsos.queue.enrollment");
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(fx.env.broker().brokerUrl());
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage("{\"fileId\": \"not a number\""));

            String dlq = "DLQ." + queue;
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.env.broker().queueSize(dlq) == 1);
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue(dlq));
            Message dead = consumer.receive(5_000);
            System.out.println("[fault] unreadable message on " + queue + " dead-lettered after 3 attempts: "
                    + dead.getStringProperty(Headers.DEAD_LETTER_REASON));
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty(Headers.DEAD_LETTER_REASON)).isNotBlank();
            assertThat(fx.env.broker().queueSize(queue)).isZero();
        }
    }
}
