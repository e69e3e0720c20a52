package id.jamsos.gateway.portal;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceHelper;

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
 * <p>The server starts with the first portal route's consumer and stops with the component.
 */
public final class PortalHttp {

    /** Not "server" (the main one) and not "management". */
    static final String SERVER_TYPE = "portal";

    private PortalHttp() {
    }

    /**
     * @param port           the port to listen on; a fixed one, as the router is named after it
     * @param maxBodyBytes   larger requests (uploads) are refused by the server with 413 before any bean runs
     * @param uploadsDir     where the body handler writes uploads while a request is read (deleted after it)
     * @param enabled        false: the routes exist but never start (jamsos.portal.enabled), and nothing listens
     */
    public static PlatformHttpComponent component(CamelContext context, String host, int port, long maxBodyBytes,
                                                  Path uploadsDir, boolean enabled) {
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
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        server.setCamelContext(context);
        PlatformHttpComponent component = new PlatformHttpComponent(context);
        Engine engine = new Engine(enabled ? server : null, port);
        engine.setCamelContext(context);
        component.setEngine(engine);
        return component;
    }

    /** Vert.x's engine, pointed at the portal's port and owning the portal's server. */
    static final class Engine extends VertxPlatformHttpEngine {

        private final VertxPlatformHttpServer server;
        private final int port;

        Engine(VertxPlatformHttpServer server, int port) {
            this.server = server;
            this.port = port;
        }

        @Override
        public int getServerPort() {
            return port;
        }

        /** The server first: its router must be in the registry when the consumer looks it up. */
        @Override
        public synchronized PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // Off (jamsos.portal.enabled=false): Camel still makes the consumers of routes that do not
            // start; they never look for the router, and nothing listens.
            if (server != null) {
                ServiceHelper.startService(server);
            }
            return super.createConsumer(endpoint, processor);
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop();
            if (server != null) {
                ServiceHelper.stopService(server);
            }
        }

        int boundPort() {
            return server == null ? -1 : server.getPort();
        }
    }
}
