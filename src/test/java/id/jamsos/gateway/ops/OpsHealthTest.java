package id.jamsos.gateway.ops;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /ops/ready for a caller without credentials (as the probe is): only the readiness checks run, and
 * the answer is the status alone. With credentials: routes/OpsEndpointsTest.
 */
class OpsHealthTest {

    final CamelContext camel = new DefaultCamelContext();
    final AtomicInteger readinessCalls = new AtomicInteger();
    final AtomicInteger detailCalls = new AtomicInteger();

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aStrangersReadinessRunsTheReadinessChecksAloneAndSeesTheStatusOnly() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        registry.register(new Counted("ready-part", readinessCalls));
        registry.register(new DetailCheck("broker", () -> {
            detailCalls.incrementAndGet();
            return false;
        }, "down"));
        camel.start();
        OpsHealth health = new OpsHealth(() -> camel, null, null);

        Exchange anonymous = new DefaultExchange(camel);
        health.ready(anonymous);

        assertThat(anonymous.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(anonymous.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(readinessCalls).as("the readiness check").hasValue(1);
        assertThat(detailCalls).as("a detail a stranger is not shown is not asked either").hasValue(0);

        // The status page (operators only) still sees every check.
        assertThat(health.checks()).containsEntry("broker", "DOWN").containsEntry("ready-part", "UP");
        assertThat(detailCalls).hasValue(1);
    }

    @Test
    void theOtherPayerGuardsAlarmIsAHeldDetailThatLeavesReadinessUp() {
        AtomicInteger held = new AtomicInteger();
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        registry.register(new Counted("ready-part", readinessCalls));
        // As OtherPayerConfiguration makes it from LapseCheck.otherPayerHeld.
        registry.register(new DetailCheck(OpsHealth.OTHER_PAYER_GUARD, () -> held.get() == 0, "held"));
        camel.start();
        OpsHealth health = new OpsHealth(() -> camel, null, null);
        assertThat(health.checks()).containsEntry(OpsHealth.OTHER_PAYER_GUARD, "UP");

        held.set(4);
        assertThat(health.checks()).containsEntry(OpsHealth.OTHER_PAYER_GUARD, "HELD").containsEntry("ready-part", "UP");
        Exchange probe = new DefaultExchange(camel);
        health.ready(probe);
        assertThat(probe.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as("readiness-neutral").isEqualTo(200);
        Exchange live = new DefaultExchange(camel);
        health.health(live);
        assertThat(live.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as("liveness-neutral").isEqualTo(200);
    }

    /** A readiness check (not liveness) that counts its calls. */
    static final class Counted extends AbstractHealthCheck {
        private final AtomicInteger calls;

        Counted(String id, AtomicInteger calls) {
            super("test", id);
            this.calls = calls;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            calls.incrementAndGet();
            builder.up();
        }
    }
}
