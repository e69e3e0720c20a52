package id.jamsos.gateway.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step down's second half: the routes follow what the lease says. A follower's routes are
 * created stopped, the leader's started; leadership lost stops them, leadership taken starts them,
 * also a route added after leadership was taken (agency routes come and go with agencies.yaml). A
 * route switched off in its own settings stays stopped whoever leads.
 */
class LeaderRoutePolicyTest {

    /** The local member's answer, as LeaseHolder.leads() would give it. */
    private volatile boolean leads;

    @Test
    void routesRunOnlyWhileTheProcessLeads() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            // No timer reconciliation in the test: each reconcile below is the one being tested.
            LeaderRoutePolicy policy = new LeaderRoutePolicy(camel, new FakeView(), 3_600_000);
            camel.addRoutes(route("intake-a", policy));
            camel.start();
            assertThat(status(camel, "intake-a")).as("a follower's route").isEqualTo(ServiceStatus.Stopped);

            leads = true;
            policy.reconcile();
            assertThat(status(camel, "intake-a")).isEqualTo(ServiceStatus.Started);

            // Added while leading: starts as it is created.
            camel.addRoutes(route("intake-b", policy));
            assertThat(status(camel, "intake-b")).isEqualTo(ServiceStatus.Started);

            // The lease is no longer surely ours: every route under the policy stops.
            leads = false;
            policy.reconcile();
            assertThat(status(camel, "intake-a")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(camel, "intake-b")).isEqualTo(ServiceStatus.Stopped);

            // Added while following: stays stopped.
            camel.addRoutes(route("intake-c", policy));
            assertThat(status(camel, "intake-c")).isEqualTo(ServiceStatus.Stopped);
            policy.reconcile();
            assertThat(status(camel, "intake-c")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void aRouteConfiguredNotToStartStaysStoppedOnTheLeader() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            // As jamsos.statements.enabled / jamsos.claims.pull.enabled set the YAML routes' autoStartup.
            Properties settings = new Properties();
            settings.setProperty("statements.enabled", "false");
            settings.setProperty("pull.enabled", "true");
            camel.getPropertiesComponent().setInitialProperties(settings);
            LeaderRoutePolicy policy = new LeaderRoutePolicy(camel, new FakeView(), 3_600_000);
            camel.addRoutes(route("statements", "{{statements.enabled}}", policy));
            camel.addRoutes(route("pull", "{{pull.enabled}}", policy));
            camel.start();
            assertThat(status(camel, "statements")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(camel, "pull")).as("a follower's route").isEqualTo(ServiceStatus.Stopped);

            leads = true;
            policy.reconcile();
            assertThat(status(camel, "pull")).isEqualTo(ServiceStatus.Started);
            assertThat(status(camel, "statements")).as("switched off, on the leader").isEqualTo(ServiceStatus.Stopped);

            // Created while leading: the switched-off one still does not start.
            camel.addRoutes(route("statements-2", "false", policy));
            policy.reconcile();
            assertThat(status(camel, "statements-2")).isEqualTo(ServiceStatus.Stopped);

            // Leadership lost and taken again: the same.
            leads = false;
            policy.reconcile();
            assertThat(status(camel, "pull")).isEqualTo(ServiceStatus.Stopped);
            leads = true;
            policy.reconcile();
            assertThat(status(camel, "pull")).isEqualTo(ServiceStatus.Started);
            assertThat(status(camel, "statements")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(camel, "statements-2")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    private static RouteBuilder route(String id, String autoStartup, LeaderRoutePolicy policy) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).routeId(id).autoStartup(autoStartup).routePolicy(policy).to("mock:" + id);
            }
        };
    }

    private static RouteBuilder route(String id, LeaderRoutePolicy policy) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).routeId(id).routePolicy(policy).to("mock:" + id);
            }
        };
    }

    private static ServiceStatus status(CamelContext camel, String routeId) {
        return camel.getRouteController().getRouteStatus(routeId);
    }

    /** A cluster view whose local member leads while {@link #leads} says so. */
    private final class FakeView implements CamelClusterView {
        private CamelContext context;
        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leads;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return "me";
            }
        };

        @Override
        public CamelClusterService getClusterService() {
            return null;
        }

        @Override
        public String getNamespace() {
            return "jamsos-intake";
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leads ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        public void addEventListener(CamelClusterEventListener listener) {
            // Events are not what is tested: reconcile is called directly.
        }

        @Override
        public void removeEventListener(CamelClusterEventListener listener) {
            // As above.
        }

        @Override
        public void start() {
            // Nothing runs in the fake.
        }

        @Override
        public void stop() {
            // Nothing runs in the fake.
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            this.context = camelContext;
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }
    }
}
