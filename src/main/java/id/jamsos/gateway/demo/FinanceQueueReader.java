package id.jamsos.gateway.demo;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Reads the finance queue the way the city's finance system would: a plain JMS consumer, no Camel,
 * acknowledging each message only once it has been taken.
 */
public final class FinanceQueueReader implements AutoCloseable {

    /** One message as finance sees it: the JSON body and the routing properties. */
    public record Received(String body, String claimType, String agencyId, String schemaVersion, String messageId) {
    }

    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;

    public FinanceQueueReader(String brokerUrl, String queue) throws JMSException {
        connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        consumer = session.createConsumer(session.createQueue(queue));
        connection.start();
    }

    /** Takes up to {@code count} messages, waiting at most {@code timeout} in all. */
    public List<Received> take(int count, Duration timeout) throws JMSException {
        List<Received> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            Message m = consumer.receive(left);
            if (m == null) {
                break;
            }
            out.add(new Received(m instanceof TextMessage t ? t.getText() : String.valueOf(m.getBody(Object.class)),
                    m.getStringProperty("claimType"), m.getStringProperty("agencyId"),
                    m.getStringProperty("schemaVersion"), m.getStringProperty("messageId")));
            m.acknowledge();
        }
        return out;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
