package id.jamsos.gateway.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link GatewayConfiguration} opens (the ledger's pool, the broker pool, Vert.x, the queue-depth
 * browser), closed by Camel when the context stops: added as a service before any route or the HTTP
 * server exists, it is stopped after them (Camel stops services in the reverse order they were added),
 * and it closes the last opened first, so that the ledger's pool goes last.
 */
final class ClosedOnStop implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedOnStop.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void start() {
        // Everything is opened by the beans that need it.
    }

    /** Idempotent: a failed start and the stop after it both come here. */
    @Override
    public synchronized void stop() {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping: could not close {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
