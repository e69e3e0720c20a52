package id.jamsos.gateway.finance;

import id.jamsos.gateway.Headers;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import id.jamsos.gateway.support.BrokerTls;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Reads the finance queue the way the city's finance system would: plain JMS, no Camel. It either
 * takes messages (acknowledging each once taken) or only browses them, leaving them on the queue
 * for the real consumer; finance-tail browses by default.
 */
public final class FinanceQueueReader implements AutoCloseable {

    /** How often browsing looks again for messages that arrived since the last look. */
    private static final long BROWSE_POLL_MS = 500;

    /** One message as finance sees it: the JSON body and the routing properties. */
    public record Received(String body, String claimType, String agencyId, String schemaVersion, String messageId,
                           String messageType, String reviewReason, String period, String jmsMessageId,
                           boolean persistent, String signature) {
    }

    private final Connection connection;
    private final Session session;
    private final Queue queue;
    private MessageConsumer consumer;

    public FinanceQueueReader(String brokerUrl, String queueName) throws JMSException {
        this(brokerUrl, null, null, queueName);
    }

    /** With the broker login of the finance system (none when {@code user} is null or empty). */
    public FinanceQueueReader(String brokerUrl, String user, String password, String queueName) throws JMSException {
        this(brokerUrl, BrokerTls.none(), user, password, queueName);
    }

    /** Also with TLS towards an ssl:// broker ({@code jamsos.broker.tls.*}). */
    public FinanceQueueReader(String brokerUrl, BrokerTls tls, String user, String password, String queueName)
            throws JMSException {
        ActiveMQConnectionFactory factory = tls.connectionFactory(brokerUrl, user, password);
        connection = factory.createConnection();
        try {
            session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            queue = session.createQueue(queueName);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /** Takes up to {@code count} messages, waiting at most {@code timeout} in all. */
    public List<Received> take(int count, Duration timeout) throws JMSException {
        List<Received> out = new ArrayList<>();
        take(count, timeout, out::add);
        return out;
    }

    /** Takes up to {@code count} messages, each handed to {@code action} before it is acknowledged. */
    public int take(int count, Duration timeout, Consumer<Received> action) throws JMSException {
        if (consumer == null) {
            consumer = session.createConsumer(queue);
        }
        int n = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (n < count) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            Message m = consumer.receive(left);
            if (m == null) {
                break;
            }
            action.accept(read(m));
            m.acknowledge();
            n++;
        }
        return n;
    }

    /**
     * Shows up to {@code count} messages without taking them: those on the queue now, then those
     * that arrive, until {@code timeout} has passed. Each is shown once.
     */
    public int browse(int count, Duration timeout, Consumer<Received> action) throws JMSException {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < count) {
            try (QueueBrowserCloser b = new QueueBrowserCloser(session.createBrowser(queue))) {
                Enumeration<?> e = b.browser.getEnumeration();
                while (e.hasMoreElements() && seen.size() < count) {
                    Message m = (Message) e.nextElement();
                    if (seen.add(m.getJMSMessageID())) {
                        action.accept(read(m));
                    }
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || seen.size() >= count) {
                break;
            }
            try {
                Thread.sleep(Math.min(left, BROWSE_POLL_MS));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return seen.size();
    }

    private static Received read(Message m) throws JMSException {
        return new Received(m instanceof TextMessage t ? t.getText() : String.valueOf(m.getBody(Object.class)),
                m.getStringProperty("claimType"), m.getStringProperty("agencyId"),
                m.getStringProperty("schemaVersion"), m.getStringProperty("messageId"),
                m.getStringProperty("messageType"), m.getStringProperty("reviewReason"),
                m.getStringProperty("period"), m.getJMSMessageID(),
                m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT, m.getStringProperty(Headers.SIGNATURE));
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }

    private record QueueBrowserCloser(QueueBrowser browser) implements AutoCloseable {
        @Override
        public void close() throws JMSException {
            browser.close();
        }
    }
}
