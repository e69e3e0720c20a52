package id.jamsos.gateway.ops;

import id.jamsos.gateway.Headers;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Queues enrollment jobs with plain JMS, for the replay command, which runs without Camel's routes.
 * The message looks as the intake's does: the job encrypted (JobSeal), as text, and the file id and agency as
 * properties (Camel maps them to the headers the enroller reads). Persistent: a replayed row must not
 * be lost by a broker restart either.
 */
public final class JmsJobSender implements Replayer.JobSender, AutoCloseable {

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    public JmsJobSender(ConnectionFactory connectionFactory, String queue) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
    }

    @Override
    public synchronized void send(long fileId, String agencyId, String sealedJob) {
        try {
            if (producer == null) {
                connection = connectionFactory.createConnection();
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            }
            TextMessage message = session.createTextMessage(sealedJob);
            message.setLongProperty(Headers.FILE_ID, fileId);
            message.setStringProperty(Headers.AGENCY_ID, agencyId);
            producer.send(message);
        } catch (JMSException e) {
            // The replayer puts the rows not sent back to PARKED on this exception.
            throw new IllegalStateException("the broker did not take the job: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // Closing after the work is done: nothing is lost.
            }
            connection = null;
            session = null;
            producer = null;
        }
    }
}
