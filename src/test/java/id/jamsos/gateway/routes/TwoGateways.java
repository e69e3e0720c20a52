package id.jamsos.gateway.routes;

import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.ledger.PostgresTestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two gateway processes (two Camel contexts in one JVM) on one PostgreSQL ledger and one broker, each
 * on its own HTTP port: the two replicas of deploy/kubernetes. Without PostgreSQL the test is skipped,
 * or fails under CI=true ({@link PostgresTestDatabase#openOrSkip}).
 */
public final class TwoGateways implements AutoCloseable {

    public final PostgresTestDatabase db;
    public final DemoEnvironment env;
    public final Gateway one;
    public final Gateway two;
    public final int portOne;
    public final int portTwo;
    public final GatewayProperties propsOne;
    public final GatewayProperties propsTwo;
    /** The nodes a test stopped itself (a leaving replica): the close at the end leaves them be. */
    private final Set<Gateway> stopped = ConcurrentHashMap.newKeySet();

    private TwoGateways(PostgresTestDatabase db, DemoEnvironment env, Gateway one, GatewayProperties propsOne,
                        int portOne, Gateway two, GatewayProperties propsTwo, int portTwo) {
        this.db = db;
        this.env = env;
        this.one = one;
        this.portOne = portOne;
        this.two = two;
        this.portTwo = portTwo;
        this.propsOne = propsOne;
        this.propsTwo = propsTwo;
    }

    public static TwoGateways start(Path dir, Map<String, String> overrides) throws Exception {
        return start(dir, overrides, Map.of(), Map.of(), java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #start(Path, Map)}, with settings of each node's own (a port of a server each runs, the
     * portal's) and the agencies both load changed by {@code agencies} (portal users, say).
     */
    public static TwoGateways start(Path dir, Map<String, String> overrides, Map<String, String> oneOnly,
                                    Map<String, String> twoOnly,
                                    java.util.function.UnaryOperator<id.jamsos.gateway.config.AgencyRegistry> agencies)
            throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.openOrSkip();
        DemoEnvironment env = null;
        Gateway one = null;
        try {
            env = DemoEnvironment.start(dir);
            int portOne = freePort();
            Map<String, String> settingsOne = new HashMap<>(overrides);
            settingsOne.putAll(oneOnly);
            GatewayProperties propsOne = env.gatewayProperties(node(env, db, "node-1", portOne, settingsOne));
            one = Gateway.start(propsOne, agencies.apply(env.agencies()));
            int portTwo = freePort();
            Map<String, String> settingsTwo = new HashMap<>(overrides);
            settingsTwo.putAll(twoOnly);
            GatewayProperties propsTwo = env.gatewayProperties(node(env, db, "node-2", portTwo, settingsTwo));
            Gateway two = Gateway.start(propsTwo, agencies.apply(env.agencies()));
            return new TwoGateways(db, env, one, propsOne, portOne, two, propsTwo, portTwo);
        } catch (Exception | Error e) {
            if (one != null) {
                one.close();
            }
            if (env != null) {
                env.close();
            }
            db.close();
            throw e;
        }
    }

    /** Stops one node now, as a replica that leaves; the other goes on. */
    public void stop(Gateway node) {
        stopped.add(node);
        node.close();
    }

    private void closeUnlessStopped(Gateway node) {
        if (!stopped.contains(node)) {
            node.close();
        }
    }

    private static Map<String, String> node(DemoEnvironment env, PostgresTestDatabase db, String name, int port,
                                            Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(overrides);
        p.put("jamsos.ledger.url", db.url());
        p.put("jamsos.ledger.user", db.user());
        p.put("jamsos.cluster.memberId", name);
        p.put("jamsos.work.dir", env.dir().resolve("work-" + name).toString());
        p.put("camel.server.port", String.valueOf(port));
        // Each its own management port (probes, metrics), as two replicas have.
        try {
            p.put("camel.management.port", String.valueOf(freePort()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    public static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            try {
                closeUnlessStopped(two);
            } finally {
                closeUnlessStopped(one);
            }
        } finally {
            try {
                env.close();
            } finally {
                db.close();
            }
        }
    }
}
