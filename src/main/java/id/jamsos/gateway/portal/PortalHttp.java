package id.jamsos.gateway.portal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The portal's own HTTP server and the {@code portal-http} component that serves routes on it
 * (routes/portal.camel.yaml), so that operators can open the portal to the city's intranet without
 * opening the port of the BPJS claim callback and /ops ({@code camel.server.port}).
 *
 * <p>Camel 4.18's platform-http keeps one server per context from {@code camel.server.*} (and the
 * management server); its Vert.x engine finds the router it mounts a route on by the port it serves
 * ({@code platform-http-router-<port>}, {@link org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter#getRouterNameFromPort}).
 * Here a second {@link VertxPlatformHttpServer}, of server type {@value #SERVER_TYPE} (neither the main
 * nor the management server, so the stock component keeps finding its own), binds its router under the
 * portal's port, and a {@link PlatformHttpComponent} of its own gets an engine that names that port:
 * the same consumer, request handling, body handler and header filtering as the callback's, on
 * another socket. No other HTTP library is added to the gateway.
 *
 * <p>The server listens once the first portal route's consumer starts, and stops with the context.
 */
public final class PortalHttp {

    /** Not "server" (the main one) and not "management". */
    static final String SERVER_TYPE = "portal";
    /** The one path whose body may be large: the upload form. */
    static final String UPLOAD_PATH = "/portal/upload";
    /**
     * The body limit of every other portal request (login, forms, submits): a form of a few fields. Such a
     * body is held in memory while read, and read before any login check, so a large limit would let anyone
     * who reaches the port fill the heap.
     */
    public static final long SMALL_BODY_BYTES = 64 * 1024;

    private PortalHttp() {
    }

    /**
     * @param port           the port to listen on; a fixed one, as the router is named after it
     * @param maxBodyBytes   larger requests (uploads) are refused by the server with 413 before any bean runs
     * @param uploadsDir     where the body handler writes uploads while a request is read (deleted after it)
     * @param enabled        false: the routes exist but never start (jamsos.portal.enabled), and nothing listens
     * @param sessionValid   whether a session cookie value is a live session (asked off the event loop, as it
     *                       reads the ledger): an upload's body is read only for one
     */
    public static PlatformHttpComponent component(CamelContext context, String host, int port, long maxBodyBytes,
                                                  Path uploadsDir, boolean enabled, Predicate<String> sessionValid) {
        if (enabled && port <= 0) {
            throw new IllegalArgumentException("jamsos.portal.port must be a port number (the portal's router is"
                    + " named after it), not " + port);
        }
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(host);
        conf.setBindPort(port);
        conf.setPath("/");
        conf.setServerType(SERVER_TYPE);
        conf.setMaxBodySize(maxBodyBytes);
        conf.getBodyHandler().setHandleFileUploads(true);
        conf.getBodyHandler().setUploadsDirectory(uploadsDir.toString());
        // An upload the portal keeps is moved away before the answer; whatever is left (a refused or
        // aborted request) goes when the request ends.
        conf.getBodyHandler().setDeleteUploadedFilesOnEnd(true);
        Server server = null;
        if (enabled) {
            server = new Server(conf, port, sessionValid);
            server.setCamelContext(context);
        }
        PlatformHttpComponent component = new PlatformHttpComponent(context);
        Engine engine = new Engine(server, port, enabled);
        engine.setCamelContext(context);
        component.setEngine(engine);
        return component;
    }

    /**
     * The portal's server, in two steps. Its router is bound as soon as a portal route's consumer is made
     * (Camel makes the consumers of every route at start, started or not, and each looks its router up
     * then). It listens only when a portal route's consumer starts: the stock platform-http engine picks
     * the callback's router among those already listening, and a portal listening before the main server
     * would be taken for it.
     */
    static final class Server extends VertxPlatformHttpServer {

        private final int port;
        private final Predicate<String> sessionValid;
        private boolean routerBound;
        private boolean added;

        Server(VertxPlatformHttpServerConfiguration configuration, int port, Predicate<String> sessionValid) {
            super(configuration);
            this.port = port;
            this.sessionValid = sessionValid;
        }

        /**
         * Listens, once: as a service of the context, which stops it with itself, before the Vert.x
         * instance it may share with the main server goes.
         */
        synchronized void listen() throws Exception {
            if (!added) {
                getCamelContext().addService(this, true, true);
                added = true;
            }
        }

        synchronized void bindRouter() {
            if (!routerBound) {
                initializeServer();
                // Before the route's own body handler (order -1: ahead of every route a consumer mounts): a
                // small body for every path but the upload, and the upload's only for a clerk signed in.
                VertxPlatformHttpRouter.lookup(getCamelContext(), VertxPlatformHttpRouter.getRouterNameFromPort(port))
                        .route().order(-1).handler(new BodyGuard(sessionValid));
                routerBound = true;
            }
        }

        @Override
        protected void doStart() throws Exception {
            bindRouter();
            startServer();
        }
    }

    /** Vert.x's engine, pointed at the portal's port and owning the portal's server. */
    static final class Engine extends VertxPlatformHttpEngine {

        private final Server server;
        private final int port;
        private final boolean enabled;

        Engine(Server server, int port, boolean enabled) {
            this.server = server;
            this.port = port;
            this.enabled = enabled;
        }

        /**
         * Not bound in the registry: Vert.x's engine binds itself there as {@code platform-http-engine} when it
         * initializes, the name the stock platform-http component looks its engine up by, and the callback
         * and /ops routes would then be served on the portal's port (and not on theirs).
         */
        @Override
        protected void doInit() {
            // nothing: see above
        }

        /**
         * The portal's port; off, the stock engine's answer (the callback's router), which the consumers of
         * routes that never start only look up: nothing is mounted on it, and the portal binds nothing.
         */
        @Override
        public int getServerPort() {
            return enabled ? port : super.getServerPort();
        }

        /**
         * The router first, then a consumer that starts the server with itself. Off
         * (jamsos.portal.enabled=false) the routes never start, and nothing listens.
         */
        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            if (enabled) {
                server.bindRouter();
            }
            return new VertxPlatformHttpConsumer(endpoint, processor, getHandlers(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort())) {
                @Override
                protected void doStart() throws Exception {
                    // Off: the consumer mounts nothing and nothing listens, however the route was started.
                    if (server == null) {
                        return;
                    }
                    server.listen();
                    super.doStart();
                }
            };
        }
    }

    /**
     * What the portal reads of a request's body, before any bean runs: the body handler the consumer mounts
     * on each route (the server's {@code maxBodySize}, uploads to files) skips a request whose body a handler
     * already read. So every path but {@value #UPLOAD_PATH} gets a body handler of {@link #SMALL_BODY_BYTES}
     * here (larger: 413, and the connection closes); the upload goes on to the large one only as
     * multipart/form-data (else 415) with the cookie of a live session (else 401), the body unread until then
     * (the request is paused while the ledger is asked, on a worker thread).
     */
    static final class BodyGuard implements io.vertx.core.Handler<RoutingContext> {

        private final Predicate<String> sessionValid;
        private final BodyHandler small = BodyHandler.create(false).setBodyLimit(SMALL_BODY_BYTES);

        BodyGuard(Predicate<String> sessionValid) {
            this.sessionValid = sessionValid;
        }

        @Override
        public void handle(RoutingContext ctx) {
            HttpServerRequest request = ctx.request();
            if (!(request.method() == HttpMethod.POST && UPLOAD_PATH.equals(ctx.normalizedPath()))) {
                small.handle(ctx);
                return;
            }
            String type = request.getHeader("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                refuse(ctx, 415, "Kirim berkas lewat formulir unggah. / Send the file with the upload form.");
                return;
            }
            io.vertx.core.http.Cookie cookie = request.getCookie(PortalAuth.COOKIE);
            String id = cookie == null ? null : cookie.getValue();
            request.pause();
            ctx.vertx().<Boolean>executeBlocking(() -> id != null && sessionValid.test(id), false).onComplete(r -> {
                if (r.succeeded() && Boolean.TRUE.equals(r.result())) {
                    ctx.next();
                } else {
                    refuse(ctx, 401, "Silakan masuk lagi. / Please log in again.");
                }
            });
        }

        /** The body is not read: the connection closes after the answer. */
        private static void refuse(RoutingContext ctx, int status, String text) {
            if (ctx.response().ended()) {
                return;
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .putHeader("Connection", "close").putHeader("Cache-Control", "no-store").end(text)
                    .onComplete(x -> ctx.request().connection().close());
        }
    }
}
