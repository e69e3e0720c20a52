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
 * One namespace's leadership as a Camel cluster view. Every {@code renewEvery} the process tries to
 * take or renew the lease ({@link LeaseHolder}, which decides when to step down: a leader that cannot
 * renew, database unreachable or process frozen, stops counting itself leader before its lease runs
 * out by the database's clock, so two leaders never overlap even when the database is what failed).
 */
public final class JdbcLeaseClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseClusterView.class);

    private final LeaseStore table;
    private final LeaseHolder holder;
    private final String memberId;
    private final long leaseMs;
    private final long renewMs;
    private final Member local;
    private ScheduledExecutorService timer;
    /** What the last leadership event said, so that each change is announced once. */
    private volatile boolean leader;

    JdbcLeaseClusterView(CamelClusterService service, String namespace, LeaseStore table, String memberId,
                         Duration lease, Duration renewEvery) {
        super(service, namespace);
        this.table = table;
        this.holder = new LeaseHolder(table, namespace, memberId, lease, renewEvery, System::nanoTime);
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
        }
        holder.release();
    }

    /**
     * How long ago the lease was last checked (successfully or not), {@code Long.MAX_VALUE} before
     * the first check: the renewal thread's heartbeat, for liveness. A renewal that throws an
     * {@code Error} (out of memory) ends the scheduled task without a word, and this process would
     * never lead, nor step down, again.
     */
    public long millisSinceLastCheck() {
        return holder.millisSinceLastCheck();
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
        setLeader(holder.check());
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
            return table.holder(getNamespace()).map(id -> new Member(id, false));
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

        /** For the local member, {@link LeaseHolder#leads()}: asked afresh, from the route policy's thread. */
        @Override
        public boolean isLeader() {
            return isLocal ? holder.leads() : true;
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
