package id.jamsos.gateway.app;

import id.jamsos.gateway.embedded.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The claim outbox's batch is one JMS transaction: with the policy GatewayConfiguration binds, the sends of
 * a transacted route land together when it ends, or not at all when it fails half-way.
 */
class FinanceTransactionTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsOnTheQueueWholeOrNotAtAll() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), false)) {
            JmsPoolConnectionFactory cf = new JmsPoolConnectionFactory();
            cf.setConnectionFactory(new ActiveMQConnectionFactory(broker.brokerUrl()));
            ActiveMQComponent activemq = new ActiveMQComponent();
            activemq.setConnectionFactory(cf);
            try (CamelContext context = new DefaultCamelContext()) {
                context.getRegistry().bind("activemq", activemq);
                context.getRegistry().bind("financeTransaction", FinanceWiring.jmsTransaction(cf));
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:batch").transacted("financeTransaction")
                                .split(body()).stopOnException()
                                    .process(e -> {
                                        if ("boom".equals(e.getMessage().getBody(String.class))) {
                                            throw new IllegalStateException("the broker went away");
                                        }
                                    })
                                    .to("activemq:queue:batch-test");
                    }
                });
                context.start();
                ProducerTemplate producer = context.createProducerTemplate();

                producer.sendBody("direct:batch", List.of("a", "b", "c"));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueSize("batch-test") == 3);

                assertThatThrownBy(() -> producer.sendBody("direct:batch", List.of("d", "e", "boom", "f")))
                        .isInstanceOf(CamelExecutionException.class);
                // A later batch lands behind the failed one: had d and e been sent, they would be there too.
                producer.sendBody("direct:batch", List.of("g"));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueSize("batch-test") >= 4);
                assertThat(broker.queueSize("batch-test")).as("d and e rolled back").isEqualTo(4);
            } finally {
                cf.stop();
            }
        }
    }
}
