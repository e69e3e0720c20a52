package id.jamsos.gateway.cluster;

import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * A Camel cluster service whose leadership is a lease row in the ledger database. Several gateway
 * processes on one database elect one leader per namespace without any other infrastructure: the
 * database is already shared, already backed up, and already required for the gateway to work, so
 * it adds no new way to fail. Lease times are the database's clock ({@link LeaseTable}), so the
 * processes' clocks need not agree. On Kubernetes the same works unchanged; why neither Camel's
 * KubernetesClusterService nor a clustered file read lock is used instead: docs/reliability.md,
 * "Several nodes".
 */
public final class JdbcLeaseClusterService extends AbstractCamelClusterService<JdbcLeaseClusterView> {

    private final DataSource dataSource;
    private final String memberId;
    private final Duration lease;
    private final Duration renewEvery;

    /**
     * @param memberId   unique per process (host name and process id, say)
     * @param lease      how long a leader that stops renewing stays leader: the takeover time
     * @param renewEvery how often the leader renews and the others try; well below {@code lease}
     */
    public JdbcLeaseClusterService(DataSource dataSource, String memberId, Duration lease, Duration renewEvery) {
        super("jdbc-lease");
        if (renewEvery.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("renew at least twice per lease: lease " + lease + ", renew " + renewEvery);
        }
        this.dataSource = dataSource;
        this.memberId = memberId;
        this.lease = lease;
        this.renewEvery = renewEvery;
    }

    @Override
    protected JdbcLeaseClusterView createView(String namespace) {
        return new JdbcLeaseClusterView(this, namespace, new LeaseTable(dataSource), memberId, lease, renewEvery);
    }

    public String memberId() {
        return memberId;
    }
}
