package id.jamsos.gateway.app;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits of the HTTP server that carries the claim callback and {@code /ops} (issue 14 item 7: 6,000
 * half-open connections stayed open 120 s). Camel 4.18's platform-http server takes only
 * {@code camel.server.maxBodySize} from the configuration and builds its Vert.x
 * {@code HttpServerOptions} itself, but it uses the {@link Vertx} found in the registry. So the
 * gateway binds one whose {@code createHttpServer} applies these limits, and passes every other call
 * to the real Vert.x unchanged:
 *
 * <ul>
 *   <li>{@code idleTimeoutSeconds}: a connection that sends and receives nothing that long is closed
 *       (Vert.x's idle timeout);</li>
 *   <li>{@code headTimeoutMs}: a connection whose request line and headers have not all arrived that
 *       long after it opened (or after its previous response) is closed: a client trickling a header a
 *       byte at a time defeats the idle timeout, not this;</li>
 *   <li>{@code bodyTimeoutMs}: a request whose body has not all arrived that long after its head is
 *       closed;</li>
 *   <li>{@code maxConnections}: connections over the cap are closed as soon as they are accepted;</li>
 *   <li>{@code maxHeaderBytes}, {@code maxInitialLineLength}: Vert.x answers larger ones 431 / 414.</li>
 * </ul>
 *
 * Each closing is counted ({@link #closed()}) and logged at DEBUG only: a flood must not become a
 * flood of log lines. Camel's management server (camel.management.*, health probes and metrics) is
 * made through the same Vert.x and gets the same limits, with a connection cap of its own: a flood
 * on the callback's port must not starve the probes into a restart.
 *
 * <p>On the management server's router the gateway also refuses (400) a health request that asks for
 * more than the status ({@code exposureLevel}, {@code stackTrace}, {@code data}): Camel's handler
 * takes those from any caller, and which part is down, with its error messages, is for operators
 * (issue 14 item 5), who read it on /ops/health and /ops/ready with their credentials.
 */
public final class HttpServerLimits {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerLimits.class);
    /** Liveness and readiness, as routes/ops.camel.yaml serves them. */
    static final List<String> PROBES = List.of("/ops/health", "/ops/ready");
    /** Query parameters of Camel's health handler that widen its answer beyond the status. */
    static final List<String> DETAIL_PARAMETERS = List.of("exposureLevel", "stackTrace", "data");

    private final int idleTimeoutSeconds;
    private final long headTimeoutMs;
    private final long bodyTimeoutMs;
    private final int maxConnections;
    private final int maxHeaderBytes;
    private final int maxInitialLineLength;
    /** The management server's port and health path; -1 when there is none. */
    private final int managementPort;
    /** Servers that serve no probes at all (the clerks' portal, PortalConfiguration): none while starting either. */
    private final java.util.Set<Integer> withoutProbes = ConcurrentHashMap.newKeySet();
    private final String healthPath;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong closed = new AtomicLong();

    public HttpServerLimits(int idleTimeoutSeconds, long headTimeoutMs, long bodyTimeoutMs, int maxConnections,
                            int maxHeaderBytes, int maxInitialLineLength) {
        this(idleTimeoutSeconds, headTimeoutMs, bodyTimeoutMs, maxConnections, maxHeaderBytes, maxInitialLineLength,
                -1, "/observe/health");
    }

    public HttpServerLimits(int idleTimeoutSeconds, long headTimeoutMs, long bodyTimeoutMs, int maxConnections,
                            int maxHeaderBytes, int maxInitialLineLength, int managementPort, String healthPath) {
        this.managementPort = managementPort;
        this.healthPath = healthPath;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.headTimeoutMs = headTimeoutMs;
        this.bodyTimeoutMs = bodyTimeoutMs;
        this.maxConnections = maxConnections;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxInitialLineLength = maxInitialLineLength;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections closed by a timeout or the cap since start. */
    public long closed() {
        return closed.get();
    }

    /** A Vert.x for the registry: Camel's platform-http server then gets these limits. */
    public Vertx vertx() {
        VertxInternal real = (VertxInternal) Vertx.vertx();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("createHttpServer") && args != null && args.length == 1
                    && args[0] instanceof HttpServerOptions options) {
                return limited(real, real.createHttpServer(apply(new HttpServerOptions(options))), options.getPort());
            }
            return call(real, method, args);
        };
        return (Vertx) Proxy.newProxyInstance(HttpServerLimits.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, handler);
    }

    HttpServerOptions apply(HttpServerOptions options) {
        // Without HTTP/2 over plain TCP (h2c) Vert.x hands over a connection as soon as it is accepted;
        // with it, only once it has seen enough bytes to tell the protocols apart, so that a silent
        // connection was never counted or timed. Neither BPJS nor a browser uses h2c.
        return options.setHttp2ClearTextEnabled(false)
                .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(maxHeaderBytes).setMaxInitialLineLength(maxInitialLineLength);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What the gateway knows of one open connection; read by its timer on the event loop. */
    private static final class Connection {
        final long openedAt = System.nanoTime();
        volatile HttpServerRequest request;
        volatile long requestAt;
        /** When the timer first saw the last response ended: from then on the next head is awaited. */
        long idleSince = -1;
        boolean closing;
    }

    private HttpServer limited(Vertx vertx, HttpServer server, int optionsPort) {
        Map<HttpConnection, Connection> connections = new ConcurrentHashMap<>();
        long tick = Math.max(50, Math.min(headTimeoutMs, bodyTimeoutMs) / 4);
        // Each server's own cap (see the class comment); open() counts them all.
        AtomicInteger openHere = new AtomicInteger();
        server.connectionHandler(conn -> {
            if (openHere.incrementAndGet() > maxConnections) {
                openHere.decrementAndGet();
                close(conn, "over the cap of " + maxConnections + " connections");
                return;
            }
            open.incrementAndGet();
            Connection state = new Connection();
            connections.put(conn, state);
            long timer = vertx.setPeriodic(tick, id -> check(conn, state));
            conn.closeHandler(v -> {
                vertx.cancelTimer(timer);
                connections.remove(conn);
                openHere.decrementAndGet();
                open.decrementAndGet();
            });
        });
        AtomicReference<Router> camelRouter = new AtomicReference<>();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("listen") && camelRouter.get() != null) {
                // Camel binds its router, then listens: the port (which server this is) is known here.
                probesWhileStarting(camelRouter.getAndSet(null), portOf(args, optionsPort));
            }
            if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                @SuppressWarnings("unchecked")
                Handler<HttpServerRequest> routes = (Handler<HttpServerRequest>) args[0];
                if (routes instanceof Router router) {
                    // Last in line: a failure no route handled reaches it, and only a client gone away is
                    // taken here; anything else goes on to Vert.x's own handling (500 and its ERROR).
                    router.route().failureHandler(HttpServerLimits::quietWhenTheClientLeft);
                    camelRouter.set(router);
                }
                server.requestHandler(request -> {
                    Connection state = connections.get(request.connection());
                    if (state != null) {
                        state.requestAt = System.nanoTime();
                        state.request = request;
                    }
                    routes.handle(request);
                });
                return proxy;
            }
            Object result = call(server, method, args);
            return result == server ? proxy : result;
        };
        return (HttpServer) Proxy.newProxyInstance(HttpServerLimits.class.getClassLoader(),
                new Class<?>[] {HttpServer.class}, handler);
    }

    /**
     * Camel binds a server's router and listens in one step, before the ops routes (callback port) or
     * its health handlers (management port) exist: a probe in between would get 404. These answers
     * are last in line, so the real ones answer once they are there. The management port also refuses
     * requests for health details (see the class comment), first in line.
     */
    /** The server on {@code port} answers no probe, not even while it starts (the clerks' portal). */
    public void noProbesOn(int port) {
        withoutProbes.add(port);
    }

    private void probesWhileStarting(Router router, int port) {
        if (withoutProbes.contains(port)) {
            return;
        }
        List<String> probes = port == managementPort
                ? List.of(healthPath, healthPath + "/live", healthPath + "/ready") : PROBES;
        for (String probe : probes) {
            router.get(probe).last().handler(HttpServerLimits::notStartedYet);
        }
        if (port == managementPort) {
            router.route(healthPath + "*").order(Integer.MIN_VALUE).handler(HttpServerLimits::statusOnly);
        }
    }

    /** The port a {@code listen} call names (Camel passes port and host), else the options' port. */
    private static int portOf(Object[] args, int optionsPort) {
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof Integer port) {
                    return port;
                }
            }
        }
        return optionsPort;
    }

    /** The probes' answer before their routes exist: as OpsHealth answers strangers while starting. */
    static void notStartedYet(RoutingContext ctx) {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end("{\"status\":\"STARTING\"}");
    }

    /** A health request asking for details (see the class comment) is refused; any other goes on. */
    static void statusOnly(RoutingContext ctx) {
        for (String parameter : DETAIL_PARAMETERS) {
            if (ctx.request().params().contains(parameter)) {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end("{\"status\":\"REFUSED\",\"reason\":\"health details are for operators: /ops/health and"
                                + " /ops/ready with operator credentials\"}");
                return;
            }
        }
        ctx.next();
    }

    /**
     * A client that closed or reset its connection half-way through a request: nobody is left to
     * answer, and Vert.x would log an ERROR with a stack trace for each one (issue 14: an aborted
     * request must not be an error line every time). Said at DEBUG; the limits above count the rest.
     */
    static void quietWhenTheClientLeft(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof HttpClosedException || isReset(failure)) {
            LOG.debug("client left during {} {}: {}", ctx.request().method(), ctx.request().path(),
                    failure == null ? "connection closed" : failure.toString());
            return;
        }
        ctx.next();
    }

    private static boolean isReset(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes a connection whose request head (the first, or the next after a response) or body is late.
     * Only ever run by the connection's timer, so {@code idleSince} needs no lock.
     */
    private void check(HttpConnection conn, Connection state) {
        if (state.closing) {
            return;
        }
        long now = System.nanoTime();
        HttpServerRequest request = state.request;
        if (request == null) {
            if (now - state.openedAt >= TimeUnit.MILLISECONDS.toNanos(headTimeoutMs)) {
                state.closing = true;
                close(conn, "no complete request head within " + headTimeoutMs + " ms");
            }
            return;
        }
        if (!request.isEnded()) {
            if (now - state.requestAt >= TimeUnit.MILLISECONDS.toNanos(bodyTimeoutMs)) {
                state.closing = true;
                close(conn, "request body not complete within " + bodyTimeoutMs + " ms");
            }
            return;
        }
        if (!request.response().ended()) {
            state.idleSince = -1;
            return;
        }
        if (state.idleSince < 0 || state.idleSince < state.requestAt) {
            state.idleSince = now;
        } else if (now - state.idleSince >= TimeUnit.MILLISECONDS.toNanos(headTimeoutMs)) {
            state.closing = true;
            close(conn, "no next request head within " + headTimeoutMs + " ms");
        }
    }

    private void close(HttpConnection conn, String why) {
        closed.incrementAndGet();
        LOG.debug("HTTP connection from {} closed: {}", conn.remoteAddress(), why);
        conn.close();
    }
}
