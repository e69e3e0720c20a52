package id.jamsos.gateway.ops;

import id.jamsos.gateway.ledger.LedgerWriteHealth;
import id.jamsos.gateway.ledger.OpsQueries;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The gateway's one readiness check: can this process record what it is sent? A claim callback is
 * answered 200 only once its claim is in the ledger (the outbox sends it to finance later, whenever the
 * broker is there), and a file is taken only once it is registered there. So the ledger must answer
 * (a JDBC {@code isValid} within 2 s) and must still write ({@link LedgerWriteHealth}: a database
 * that answers a SELECT may refuse every INSERT). The broker, BPJS and the agencies' SFTP servers are
 * {@link DetailCheck}s: a pod taken out of its Service while they are down would stop receiving the
 * very claim callbacks the outbox exists to keep.
 */
public final class LedgerReadyCheck extends AbstractHealthCheck {

    public static final String ID = "ledger";

    private final OpsQueries queries;
    private final LedgerWriteHealth writes;

    public LedgerReadyCheck(OpsQueries queries, LedgerWriteHealth writes) {
        super("jamsos", ID);
        this.queries = queries;
        this.writes = writes;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    public boolean isLiveness() {
        // A restart does not bring a database back; the platform should wait, not kill.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!queries.databaseUp(2)) {
            builder.message("the ledger database does not answer").down();
            return;
        }
        if (!writes.writable()) {
            // The cause chain is in the WARN LedgerWriteHealth logs once per outage, not here: an
            // answer of this check may reach someone who is not an operator.
            builder.message("the ledger cannot write").down();
            return;
        }
        builder.up();
    }
}
