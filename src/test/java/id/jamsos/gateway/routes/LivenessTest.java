package id.jamsos.gateway.routes;

import id.jamsos.gateway.cluster.JdbcLeaseClusterService;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jms.listener.AbstractMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #14: after an OutOfMemoryError the claim outbox, the intake leader and the enrollers were
 * dead while /ops/health kept answering 200, so nothing restarted the gateway. Liveness now fails
 * (503 DOWN, the dead part named in {@code checks}) while one of them is not running, and comes back
 * when it runs again. Each part is stopped the way a dying thread leaves it: the route stopped, the
 * JMS listener container stopped under a route that still says Started, the lease's renewal thread
 * gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivenessTest {

    private static final String TOKEN = "liveness-test-operator-token-7fQ2xM9pLw";

    // Short lease and renewal, so that a dead renewal thread is late within seconds (4 x 1 + 2 + 10 s).
    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of("jamsos.cluster.renewSeconds", "1",
            "jamsos.cluster.leaseSeconds", "2", "jamsos.ops.token", TOKEN));
    static OpsHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new OpsHttp(fx.env().httpPort());
    }

    /** As the platform's probe asks: no credentials, so the state alone. */
    private static HttpResponse<String> health() throws Exception {
        return http.get("/ops/health", null);
    }

    /** As an operator asks: the state and which part is down. */
    private static HttpResponse<String> healthDetails() throws Exception {
        return http.get("/ops/health", OpsHttp.bearer(TOKEN));
    }

    private static void awaitUp() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> health().statusCode() == 200);
    }

    @Test
    @Order(1)
    void healthIsDownWhileTheClaimOutboxIsStoppedAndUpWhenItRunsAgain() throws Exception {
        awaitUp();
        CamelContext context = fx.gateway().context();
        context.getRouteController().stopRoute("claim-outbox");
        try {
            assertThat(health().statusCode()).as("the probe sees it").isEqualTo(503);
            HttpResponse<String> down = healthDetails();
            System.out.println("[fault] claim-outbox route stopped: /ops/health " + down.statusCode() + " " + down.body());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("{\"status\":\"DOWN\"").contains("\"claimOutbox\":\"DOWN\"")
                    .contains("\"enroller\":\"UP\"");
        } finally {
            context.getRouteController().startRoute("claim-outbox");
        }
        awaitUp();
        assertThat(health().body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    @Order(2)
    void healthIsDownWhileTheEnrollersListenerStoppedUnderAStartedRoute() throws Exception {
        awaitUp();
        CamelContext context = fx.gateway().context();
        AbstractMessageListenerContainer container =
                ((JmsConsumer) context.getRoute("enroller").getConsumer()).getListenerContainer();
        container.stop();
        try {
            assertThat(context.getRouteController().getRouteStatus("enroller").isStarted()).isTrue();
            assertThat(health().statusCode()).as("the probe sees it").isEqualTo(503);
            HttpResponse<String> down = healthDetails();
            System.out.println("[fault] enroller's listener stopped: /ops/health " + down.statusCode() + " " + down.body());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"enroller\":\"DOWN\"").contains("\"claimOutbox\":\"UP\"");
        } finally {
            container.start();
        }
        awaitUp();
    }

    /** Last: the lease's thread is not brought back. */
    @Test
    @Order(3)
    void healthIsDownOnceTheIntakeLeasesRenewalThreadIsGone() throws Exception {
        awaitUp();
        JdbcLeaseClusterService service = fx.gateway().context().hasService(JdbcLeaseClusterService.class);
        Object view = service.getView("jamsos-intake");
        // What an Error escaping the renewal leaves: no renewal runs any more, nothing said.
        Field timer = view.getClass().getDeclaredField("timer");
        timer.setAccessible(true);
        ((ScheduledExecutorService) timer.get(view)).shutdownNow();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> health().statusCode() == 503);
        HttpResponse<String> down = healthDetails();
        System.out.println("[fault] intake lease renewal thread gone: /ops/health " + down.statusCode() + " after "
                + Duration.ofNanos(System.nanoTime() - killed).toSeconds() + " s: " + down.body());
        assertThat(down.body()).contains("\"intakeLease\":\"DOWN\"").contains("\"claimOutbox\":\"UP\"");
        assertThat(http.get("/ops/ready", null).statusCode()).as("readiness is about outside parts").isIn(200, 503);
    }
}
