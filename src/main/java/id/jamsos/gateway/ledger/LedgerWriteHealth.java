package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ledger can still write, for readiness. A {@code SELECT} (or JDBC's {@code isValid})
 * answering says nothing about that: in issue 14 item 8 every {@code INSERT INTO agency_file} failed
 * until a restart while the database check said UP.
 *
 * <p>Every ledger operation on a data source reports its database failures here ({@link Jdbc}). After
 * one, {@link #writable()} is false until a probe write succeeds: an {@code INSERT} into
 * {@code agency_file} (its check constraint and unique keys included), with an id no identity ever
 * hands out, rolled back at once, so no row stays and no file id is used up. The probe runs only
 * after a failure, at most every {@code probeEveryMillis}; while the ledger writes, readiness costs
 * nothing, and a failure the probe does not confirm (a bad value from a file) changes nothing. One
 * WARN when a probe fails (its cause chain and the last failed operation's, scrubbed of NIKs), one
 * INFO when a probe write succeeds again.
 */
public final class LedgerWriteHealth {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriteHealth.class);
    private static final long PROBE_EVERY_MILLIS = 5_000;
    /** Never handed out by the identity (it starts at 1), so the probe never collides with a file. */
    static final long PROBE_ID = -14;

    private static final Map<DataSource, LedgerWriteHealth> BY_DATA_SOURCE = new WeakHashMap<>();

    private final DataSource dataSource;
    private final LongSupplier millis;
    private final long probeEveryMillis;
    private boolean failing;
    private boolean reported;
    private String lastFailure;
    private long lastProbeAt;

    LedgerWriteHealth(DataSource dataSource, LongSupplier millis, long probeEveryMillis) {
        this.dataSource = dataSource;
        this.millis = millis;
        this.probeEveryMillis = probeEveryMillis;
    }

    /** The one watch of this data source in this process, shared by every ledger view on it. */
    public static LedgerWriteHealth of(DataSource dataSource) {
        synchronized (BY_DATA_SOURCE) {
            return BY_DATA_SOURCE.computeIfAbsent(dataSource,
                    ds -> new LedgerWriteHealth(ds, System::currentTimeMillis, PROBE_EVERY_MILLIS));
        }
    }

    /**
     * A ledger operation failed in the database. A unique key violation (an expected race, handled by
     * the callers) and a serialization failure or deadlock (retried) say nothing about writing.
     */
    void failed(String operation, SQLException e) {
        String state = e.getSQLState();
        if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
            return;
        }
        String cause = operation + ": " + LedgerException.causeChain(LedgerException.scrubbed(e));
        synchronized (this) {
            if (!failing) {
                failing = true;
                reported = false;
                lastProbeAt = Long.MIN_VALUE;
            }
            lastFailure = cause;
        }
    }

    /** True unless a ledger operation failed and no probe write has succeeded since. */
    public boolean writable() {
        synchronized (this) {
            if (!failing) {
                return true;
            }
            long now = millis.getAsLong();
            if (lastProbeAt != Long.MIN_VALUE && now - lastProbeAt < probeEveryMillis) {
                return false;
            }
            lastProbeAt = now;
        }
        String problem = probe();
        synchronized (this) {
            if (problem == null) {
                failing = false;
                if (reported) {
                    LOG.info("ledger writes again: a probe write succeeded; readiness check 'ledger' is UP");
                }
                return true;
            }
            if (!reported) {
                reported = true;
                // Once per outage: the cause chain is what an operator needs to explain it afterwards.
                LOG.warn("ledger cannot write: probe write into agency_file failed: {}; last failed operation {};"
                        + " readiness check 'ledger' is DOWN until a probe write succeeds", problem, lastFailure);
            }
            return false;
        }
    }

    /** The next {@link #writable()} probes at once (tests; an operator's check could use it too). */
    synchronized void forgetLastProbe() {
        lastProbeAt = Long.MIN_VALUE;
    }

    /** What the last failure was, while writes are failing; null otherwise. */
    public synchronized String lastFailure() {
        return failing ? lastFailure : null;
    }

    /** Null when the probe row could be written, else why not (scrubbed). */
    private String probe() {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agency_file"
                    + " (id, agency_id, file_name, checksum, live_checksum, received_at, state)"
                    + " VALUES (?, '~probe', '~probe', '~probe', '~probe', ?, 'RECEIVING')")) {
                ps.setLong(1, PROBE_ID);
                DbTime.set(ps, 2, Instant.ofEpochMilli(millis.getAsLong()));
                ps.executeUpdate();
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            return LedgerException.causeChain(LedgerException.scrubbed(e));
        }
    }
}
