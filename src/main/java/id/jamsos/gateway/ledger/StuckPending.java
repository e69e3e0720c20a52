package id.jamsos.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * PENDING rows whose job never left (docs/operations.md, "After a crash"). A waitlist release, a renewal's
 * deactivations and a replay commit their rows PENDING first and send the jobs after: a process that dies
 * in between (or a replay whose second step throws) leaves rows PENDING that no job will ever decide, the
 * money they committed committed, their file PROCESSING. Nothing tells those rows from rows whose job is
 * still on the queue or being retried but time: a file none of whose rows moved for {@code stuckFor}
 * (longer than any job's retries, see jamsos.recovery.stuckPendingMinutes) has its PENDING rows parked,
 * with a reason the operator reads, so that {@code replay} (or the ops page) sends them again.
 *
 * <p>Parking a row whose job was in fact only slow costs little: the job's final answer still decides a
 * parked row (Ledger.recordOutcomes, ChangeLedger.apply take final decisions out of PARKED), and a replay
 * sends the row's own idempotency key as refId, which BPJS answers once. A parked row lets its NIK go, as
 * every parked row does.
 */
public final class StuckPending {

    /** The reason a parked row shows (ops page, agency report): Indonesian first, as clerks read it. */
    public static final String REASON = "tertahan: pekerjaan tidak terkirim ke antrean, kirim ulang dengan replay"
            + " / stuck: its job never reached the queue, send it again with replay";

    private final Jdbc jdbc;
    private final Clock clock;

    public StuckPending(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Parks the PENDING rows of every file none of whose rows was updated within {@code stuckFor}, in one
     * transaction per call. Purged files have no rows. Returns the rows parked per file id, in id order.
     */
    public Map<Long, Integer> parkStuck(Duration stuckFor) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(stuckFor);
        return jdbc.inTransaction("park PENDING rows no job will decide", c -> {
            List<Long> files = new ArrayList<>();
            // A file whose rows still move (answers arriving, a replay just started) is left alone: its
            // other rows may be on the queue behind them.
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT r.file_id FROM file_row r"
                    + " WHERE r.state = 'PENDING' AND r.updated_at < ? AND NOT EXISTS (SELECT 1 FROM file_row o"
                    + " WHERE o.file_id = r.file_id AND o.updated_at >= ?) ORDER BY r.file_id")) {
                DbTime.set(ps, 1, cutoff);
                DbTime.set(ps, 2, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(rs.getLong(1));
                    }
                }
            }
            Map<Long, Integer> parked = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'PARKED', last_error = ?,"
                    + " updated_at = ?, live_nik_hash = NULL WHERE file_id = ? AND state = 'PENDING'"
                    + " AND updated_at < ?")) {
                for (long f : files) {
                    ps.setString(1, REASON);
                    DbTime.set(ps, 2, now);
                    ps.setLong(3, f);
                    DbTime.set(ps, 4, cutoff);
                    int n = ps.executeUpdate();
                    if (n > 0) {
                        parked.put(f, n);
                    }
                }
            }
            return parked;
        });
    }
}
