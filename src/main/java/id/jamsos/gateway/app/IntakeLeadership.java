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
import org.apache.camel.spi.PropertiesComponent;
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
    static JdbcLeaseClusterView install(CamelContext context, DataSource dataSource) throws Exception {
        PropertiesComponent settings = context.getPropertiesComponent();
        RoutePolicy policy;
        JdbcLeaseClusterView view = null;
        if (Boolean.parseBoolean(setting(settings, "jamsos.cluster.enabled"))) {
            Duration renew = Duration.ofSeconds(Long.parseLong(setting(settings, "jamsos.cluster.renewSeconds")));
            JdbcLeaseClusterService service = new JdbcLeaseClusterService(dataSource,
                    memberId(setting(settings, "jamsos.cluster.memberId")),
                    Duration.ofSeconds(Long.parseLong(setting(settings, "jamsos.cluster.leaseSeconds"))), renew);
            context.addService(service);
            LeaderRoutePolicy leader = new LeaderRoutePolicy(context, service.getView(NAMESPACE), renew.toMillis());
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

    private static String setting(PropertiesComponent settings, String key) {
        return settings.resolveProperty(key).map(String::trim).orElse("");
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
