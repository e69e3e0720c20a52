package id.jamsos.gateway.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's leadership. Every {@code renewEvery} the process tries to take or renew the
 * lease. A leader that cannot renew (database unreachable, process frozen) steps down on its own
 * before its lease runs out, so two leaders never overlap even when the database is what failed.
 */
public final class JdbcLeaseClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseClusterView.class);

    private final LeaseTable table;
    private final String memberId;
    private final long leaseMs;
    private final long renewMs;
    private final Member local;
    private ScheduledExecutorService timer;
    private volatile boolean leader;
    private volatile long leaderUntilMs;
    private volatile long lastCheckMs;

    JdbcLeaseClusterView(CamelClusterService service, String namespace, LeaseTable table, String memberId,
                         Duration lease, Duration renewEvery) {
        super(service, namespace);
        this.table = table;
        this.memberId = memberId;
        this.leaseMs = lease.toMillis();
        this.renewMs = renewEvery.toMillis();
        this.local = new Member(memberId, true);
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jamsos-lease-" + getNamespace());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 0, renewMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        if (leader) {
            setLeader(false);
            try {
                table.release(getNamespace(), memberId);
            } catch (Exception e) {
                LOG.warn("could not release the {} lease; it expires by itself in {} ms", getNamespace(), leaseMs);
            }
        }
    }

    /**
     * How long ago the lease was last checked (successfully or not), {@code Long.MAX_VALUE} before
     * the first check: the renewal thread's heartbeat, for liveness. A renewal that throws an
     * {@code Error} (out of memory) ends the scheduled task without a word, and this process would
     * never lead, nor step down, again.
     */
    public long millisSinceLastCheck() {
        long last = lastCheckMs;
        return last == 0 ? Long.MAX_VALUE : System.currentTimeMillis() - last;
    }

    /**
     * The longest a live renewal thread goes between two checks: a few renewals, a lease, and 10 s
     * (45 s with the defaults). A check hung that long on the database also counts as dead: the
     * restart that follows waits for the database at start (exit 3) instead of holding a lease it
     * cannot renew.
     */
    public long longestCheckGapMs() {
        return 4 * renewMs + leaseMs + 10_000;
    }

    private void tick() {
        long now = System.currentTimeMillis();
        try {
            boolean holds = table.acquire(getNamespace(), memberId, now, leaseMs);
            if (holds) {
                leaderUntilMs = now + leaseMs;
            }
            setLeader(holds);
        } catch (Exception e) {
            // Keep leading only while our last lease is surely still ours, with a margin of one
            // renewal; the clock is read again because the failed call may have hung a long time.
            if (leader && System.currentTimeMillis() + renewMs >= leaderUntilMs) {
                LOG.warn("lease {} cannot be renewed ({}); stepping down before it expires", getNamespace(), e.toString());
                setLeader(false);
            } else {
                LOG.debug("lease {} check failed: {}", getNamespace(), e.toString());
            }
        } finally {
            lastCheckMs = System.currentTimeMillis();
        }
    }

    private void setLeader(boolean now) {
        if (now != leader) {
            leader = now;
            LOG.info("{} {} leadership of {}", memberId, now ? "took" : "gave up", getNamespace());
            fireLeadershipChangedEvent(now ? Optional.of(local) : Optional.empty());
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (local.isLeader()) {
            return Optional.of(local);
        }
        try {
            return table.holder(getNamespace(), System.currentTimeMillis()).map(id -> new Member(id, false));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        // Only the leader is known to the table; followers do not register.
        return getLeader().<List<CamelClusterMember>>map(l -> l.isLocal() ? List.of(l) : List.of(l, local))
                .orElse(List.of(local));
    }

    private final class Member implements CamelClusterMember {
        private final String id;
        private final boolean isLocal;

        Member(String id, boolean isLocal) {
            this.id = id;
            this.isLocal = isLocal;
        }

        /**
         * For the local member, leader only while the last lease taken is surely still ours: a
         * renewal hung on the database cannot keep routes running past the lease, because the
         * route policy asks this from its own thread.
         */
        @Override
        public boolean isLeader() {
            return isLocal ? leader && System.currentTimeMillis() + renewMs < leaderUntilMs : true;
        }

        @Override
        public boolean isLocal() {
            return isLocal;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
