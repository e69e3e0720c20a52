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
 * one polls the agencies' inboxes; with it off, a policy that does nothing.
 */
final class IntakeLeadership {

    static final String BEAN = "intakeLeadership";
    static final String NAMESPACE = "jamsos-intake";

    private IntakeLeadership() {
    }

    /** @return the lease's view, whose renewal thread liveness watches; null with clustering off */
    static JdbcLeaseClusterView install(CamelContext context, GatewayProperties props, DataSource dataSource)
            throws Exception {
        RoutePolicy policy;
        JdbcLeaseClusterView view = null;
        if (props.getBoolean("jamsos.cluster.enabled")) {
            JdbcLeaseClusterService service = new JdbcLeaseClusterService(dataSource, memberId(props),
                    Duration.ofSeconds(props.getLong("jamsos.cluster.leaseSeconds")),
                    Duration.ofSeconds(props.getLong("jamsos.cluster.renewSeconds")));
            context.addService(service);
            LeaderRoutePolicy leader = new LeaderRoutePolicy(context, service.getView(NAMESPACE),
                    Duration.ofSeconds(props.getLong("jamsos.cluster.renewSeconds")).toMillis());
            context.addService(leader);
            policy = leader;
            view = (JdbcLeaseClusterView) service.getView(NAMESPACE);
        } else {
            policy = new RoutePolicySupport() {
                @Override
                public void onInit(Route route) {
                    // Single process: routes start as they normally would.
                }
            };
        }
        context.getRegistry().bind(BEAN, policy);
        return view;
    }

    private static String memberId(GatewayProperties props) throws Exception {
        String configured = props.get("jamsos.cluster.memberId", "");
        if (!configured.isEmpty()) {
            return configured;
        }
        return InetAddress.getLocalHost().getHostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid()
                + "-" + Integer.toHexString(System.identityHashCode(props));
    }
}
