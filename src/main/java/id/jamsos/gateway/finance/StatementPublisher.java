package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import id.jamsos.gateway.support.BrokerTls;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Puts a statement on the finance queue over plain JMS, for the {@code statement} command, which
 * runs without the gateway. The scheduled statement goes through Camel with the same properties.
 */
public final class StatementPublisher {

    private StatementPublisher() {
    }

    /** The JMS properties finance routes on. */
    public static Map<String, String> properties(ContributionStatement s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("messageType", s.messageType());
        p.put("schemaVersion", s.schemaVersion());
        p.put("messageId", s.messageId());
        p.put("agencyId", s.scope());
        p.put("period", s.period());
        return p;
    }

    public static void publish(String brokerUrl, BrokerTls tls, String user, String password, String queue,
                               ContributionStatement s, ObjectMapper json, FinanceSignature.Signer signer)
            throws JMSException, JsonProcessingException {
        ActiveMQConnectionFactory factory = tls.connectionFactory(brokerUrl, user, password);
        String body = json.writeValueAsString(s);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage m = session.createTextMessage(body);
            for (Map.Entry<String, String> e : properties(s).entrySet()) {
                m.setStringProperty(e.getKey(), e.getValue());
            }
            m.setStringProperty(Headers.SIGNATURE, signer.sign(s.messageType(), s.messageId(), body));
            m.setStringProperty(Headers.SIGNATURE_KEY, signer.keyId());
            m.setJMSCorrelationID(s.messageId());
            producer.send(m);
        }
    }
}
