package id.jamsos.gateway.cluster;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process at a time for a task of several steps that are each safe but not safe together: a lease
 * of the cluster_lease table (the one leadership uses) under the task's own name, taken for the task
 * and given back after. Leadership alone does not give this: a leader that lost its lease may still be
 * finishing a round while the next leader starts one, and an operator's command runs outside the
 * gateway. A process that dies holding the lock holds it until {@code leaseMs} has passed.
 */
public final class TaskLock {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLock.class);

    private final LeaseStore store;
    private final String name;
    private final long leaseMs;
    private final String owner = UUID.randomUUID().toString();

    public TaskLock(DataSource dataSource, String name, long leaseMs) {
        this.store = new LeaseTable(dataSource);
        this.name = name;
        this.leaseMs = leaseMs;
    }

    /** The task's result, or empty when another process holds the lock (the task did not run). */
    public <T> Optional<T> runAlone(Supplier<T> task) {
        try {
            if (!store.acquire(name, owner, leaseMs)) {
                return Optional.empty();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the lock " + name + " could not be taken: " + e.getMessage(), e);
        }
        try {
            return Optional.ofNullable(task.get());
        } finally {
            try {
                store.release(name, owner);
            } catch (Exception e) {
                // It runs out by itself after leaseMs.
                LOG.warn("the lock {} was not given back, it runs out in {} ms: {}", name, leaseMs, e.toString());
            }
        }
    }
}
