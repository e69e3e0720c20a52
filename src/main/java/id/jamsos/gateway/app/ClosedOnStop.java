package id.jamsos.gateway.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link GatewayConfiguration} opens (the ledger's pool, the broker pool, Vert.x, the queue-depth
 * browser), closed when Camel stops, the last opened first, so that the ledger's pool goes last. One
 * bean rather than a destroy method on each: Camel makes a lazy bean to destroy it, and the order of
 * its destroy methods is not defined.
 */
final class ClosedOnStop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedOnStop.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Idempotent: a failed start and the stop after it may both come here. */
    @Override
    public synchronized void close() {
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
