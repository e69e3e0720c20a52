package id.jamsos.gateway.app;

import id.jamsos.gateway.support.BrokerTls;
import java.util.List;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The pooled broker connection: the running gateway's (a bean of {@link GatewayConfiguration}) and
 * the operator commands' ({@link Gateway#connectionFactory}), made the same way so that a command
 * sees the broker as {@code run} does.
 */
final class BrokerPool {

    private BrokerPool() {
    }

    /** @param user empty: no login */
    static JmsPoolConnectionFactory create(String url, String user, String password, BrokerTls tls, int prefetch,
                                           long redeliveryDelayMs, long maxRedeliveryDelayMs, int enrollerConcurrency) {
        ActiveMQConnectionFactory amq = new BrokerConnections(url, tls);
        if (!user.isEmpty()) {
            amq.setUserName(user);
            amq.setPassword(password);
        }
        // Only our own message types travel as objects; everything else is JSON text.
        amq.setTrustedPackages(List.of("id.jamsos.gateway"));
        amq.getPrefetchPolicy().setQueuePrefetch(prefetch);
        // A rolled-back enrollment job comes back after an exponentially growing, jittered delay.
        // Unlimited here: the enroller's error handler parks or dead-letters after maxAttempts.
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setInitialRedeliveryDelay(redeliveryDelayMs);
        redelivery.setRedeliveryDelay(redeliveryDelayMs);
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(maxRedeliveryDelayMs);
        redelivery.setUseCollisionAvoidance(true);
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        amq.setRedeliveryPolicy(redelivery);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(amq);
        pool.setMaxConnections(Math.max(2, enrollerConcurrency / 4 + 1));
        return pool;
    }
}
