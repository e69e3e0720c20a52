package id.jamsos.gateway.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its routes only on the process that leads the namespace. Unlike Camel's ClusteredRoutePolicy,
 * which acts on leadership events around the context's start, it reconciles on every event and on
 * a timer: agency routes are added while the gateway runs (at start and on every reload of
 * agencies.yaml), possibly after leadership was taken, and must still start on the leader.
 * A route configured not to start (its own autoStartup false, as the monthly statement and the claims
 * pull are when switched off) is left alone: leading is a reason to run a route that is on, never to
 * switch one on.
 */
public final class LeaderRoutePolicy extends RoutePolicySupport implements CamelClusterEventListener.Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderRoutePolicy.class);

    private final CamelContext context;
    private final CamelClusterView view;
    private final Set<String> routeIds = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reconciler;

    public LeaderRoutePolicy(CamelContext context, CamelClusterView view, long reconcileMillis) {
        this.context = context;
        this.view = view;
        this.reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jamsos-leader-routes-" + view.getNamespace());
            t.setDaemon(true);
            return t;
        });
        view.addEventListener(this);
        reconciler.scheduleWithFixedDelay(this::reconcile, reconcileMillis, reconcileMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onInit(Route route) {
        // Read before it is overwritten below: the route's own setting, placeholders resolved.
        if (!route.isAutoStartup()) {
            LOG.info("route {} is configured not to start: leadership of {} leaves it stopped", route.getRouteId(),
                    view.getNamespace());
            return;
        }
        routeIds.add(route.getRouteId());
        // A follower's routes are created stopped; the leader's start as usual.
        route.setAutoStartup(isLeader());
    }

    @Override
    public void onRemove(Route route) {
        routeIds.remove(route.getRouteId());
    }

    @Override
    public void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
        reconciler.execute(this::reconcile);
    }

    public boolean isLeader() {
        return view.getLocalMember().isLeader();
    }

    /** Brings every route's state in line with leadership; safe to run any number of times. */
    void reconcile() {
        // While Camel starts, a route started here stays stopped (its autoStartup was settled at init),
        // and while it stops, Camel stops the routes itself: the next pass after start does the work.
        if (!context.isStarted()) {
            return;
        }
        boolean leader = isLeader();
        for (String id : routeIds) {
            try {
                ServiceStatus status = context.getRouteController().getRouteStatus(id);
                if (status == null) {
                    continue;
                }
                if (leader && status.isStopped()) {
                    LOG.info("leader of {}: starting route {}", view.getNamespace(), id);
                    context.getRouteController().startRoute(id);
                } else if (!leader && status.isStarted()) {
                    LOG.info("no longer leader of {}: stopping route {}", view.getNamespace(), id);
                    context.getRouteController().stopRoute(id);
                }
            } catch (Exception e) {
                LOG.warn("could not bring route {} in line with leadership of {}: {}", id, view.getNamespace(), e.toString());
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        reconciler.shutdownNow();
        view.removeEventListener(this);
        super.doStop();
    }
}
