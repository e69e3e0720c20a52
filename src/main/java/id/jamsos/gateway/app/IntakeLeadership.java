package id.jamsos.gateway.app;

import id.jamsos.gateway.cluster.JdbcLeaseClusterService;
import id.jamsos.gateway.cluster.JdbcLeaseClusterView;
import id.jamsos.gateway.cluster.LeaderRoutePolicy;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The route policy the intake template names ({@code intakeLeadership}): with clustering on, a
 * {@link LeaderRoutePolicy} on the ledger-database lease, so that of several gateway processes exactly
 * one polls the agencies' inboxes; with it off, a policy that does nothing. Both are beans of
 * {@link GatewayConfiguration}: this one (the lease, which liveness watches) and its policy.
 */
final class IntakeLeadership {

    static final String BEAN = "intakeLeadership";
    static final String NAMESPACE = "jamsos-intake";

    private final RoutePolicy policy;
    private final JdbcLeaseClusterView view;

    private IntakeLeadership(RoutePolicy policy, JdbcLeaseClusterView view) {
        this.policy = policy;
        this.view = view;
    }

    /** @param memberId empty: host name and process id */
    static IntakeLeadership create(CamelContext context, DataSource dataSource, boolean clustered, String memberId,
                                   long leaseSeconds, long renewSeconds) throws Exception {
        if (!clustered) {
            return new IntakeLeadership(new RoutePolicySupport() {
                @Override
                public void onInit(Route route) {
                    // Single process: routes start as they normally would.
                }
            }, null);
        }
        Duration renew = Duration.ofSeconds(renewSeconds);
        JdbcLeaseClusterService service = new JdbcLeaseClusterService(dataSource, memberId(memberId),
                Duration.ofSeconds(leaseSeconds), renew);
        context.addService(service);
        LeaderRoutePolicy leader = new LeaderRoutePolicy(context, service.getView(NAMESPACE), renew.toMillis());
        context.addService(leader);
        return new IntakeLeadership(leader, (JdbcLeaseClusterView) service.getView(NAMESPACE));
    }

    RoutePolicy policy() {
        return policy;
    }

    /** The lease's view, whose renewal thread liveness watches; null with clustering off. */
    JdbcLeaseClusterView view() {
        return view;
    }

    private static String memberId(String configured) throws Exception {
        if (!configured.isEmpty()) {
            return configured;
        }
        // The counter tells apart two gateways in one JVM (the tests' two nodes).
        return InetAddress.getLocalHost().getHostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid()
                + "-" + Integer.toHexString(System.identityHashCode(new Object()));
    }
}
