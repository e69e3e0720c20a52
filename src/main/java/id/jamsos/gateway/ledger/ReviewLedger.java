package id.jamsos.gateway.ledger;

import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.nik.NikMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The ledger's side of the verification stage and of the review desk (docs/verification.md): the rows of
 * a job the registry's answer refuses (REJECTED) or hands to a person (REVIEW), and a person's decision on
 * a REVIEW row (released to PENDING, or refused). Only rows in the state a decision expects change, so a
 * job delivered twice, or two operators deciding the same row, decide it once.
 */
public final class ReviewLedger {

    /** A row waiting in REVIEW, for {@code review --list}: the NIK is the decrypted one, the caller masks it. */
    public record ReviewRow(long fileId, int rowNo, String agencyId, String fileName, String nik, String reason,
                            Instant since) {
    }

    /** One row's verdict from the verification stage: REJECTED with reasons, or REVIEW with a reason. */
    public record Verified(int rowNo, RowState state, List<RowRejection> reasons, String reviewReason,
                           String warning) {

        public Verified {
            if (state != RowState.REJECTED && state != RowState.REVIEW && state != RowState.PENDING) {
                throw new IllegalArgumentException("a verified row is PENDING, REJECTED or REVIEW, not " + state);
            }
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    private static final int MAX_ERROR_CHARS = 4_000;

    private final Jdbc jdbc;
    private final Clock clock;
    private final PersonalDataCipher pii;

    public ReviewLedger(DataSource dataSource, Clock clock, PersonalDataCipher pii) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.pii = pii;
    }

    /**
     * Which of {@code rowNos} of the file the verification stage held or refused (REVIEW, REJECTED): a job
     * delivered again after the stage was switched off must not send them to BPJS.
     */
    public Set<Integer> heldOrRefusedAmong(long fileId, Collection<Integer> rowNos) {
        return rowsIn(fileId, rowNos, "'REVIEW', 'REJECTED'");
    }

    /**
     * The job's PENDING rows are still being worked on (the registry refuses the gateway or cannot be
     * asked, and the job waits): their updated_at moves, so the stuck-pending sweep does not park them.
     */
    public void stillWaiting(long fileId, Collection<Integer> rowNos) {
        if (rowNos.isEmpty()) {
            return;
        }
        jdbc.inTransaction("touch waiting rows of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET updated_at = ? WHERE file_id = ?"
                    + " AND row_no = ? AND state = 'PENDING'")) {
                for (int rowNo : rowNos) {
                    DbTime.set(ps, 1, clock.instant());
                    ps.setLong(2, fileId);
                    ps.setInt(3, rowNo);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Which of {@code rowNos} of the file are still PENDING (a redelivered job's rows decided before are not). */
    public Set<Integer> pendingAmong(long fileId, Collection<Integer> rowNos) {
        return rowsIn(fileId, rowNos, "'PENDING'");
    }

    /**
     * Which of {@code rowNos} of the file are PENDING and not yet checked with the registry (V37): the rows
     * the verification stage asks about. A row that passed the check, or that a person released from the
     * registry's doubt, is never asked again.
     */
    public Set<Integer> uncheckedAmong(long fileId, Collection<Integer> rowNos) {
        return rowsIn(fileId, rowNos, "'PENDING'", " AND registry_checked_at IS NULL");
    }

    /** Which of {@code rowNos} of the file are PENDING and checked with the registry (V37): they go on to BPJS. */
    public Set<Integer> checkedAmong(long fileId, Collection<Integer> rowNos) {
        return rowsIn(fileId, rowNos, "'PENDING'", " AND registry_checked_at IS NOT NULL");
    }

    private Set<Integer> rowsIn(long fileId, Collection<Integer> rowNos, String states) {
        return rowsIn(fileId, rowNos, states, "");
    }

    /**
     * Which of {@code rowNos} of the file are in one of {@code states} (a constant SQL list of quoted names),
     * with {@code also} (a constant SQL condition, or empty).
     */
    private Set<Integer> rowsIn(long fileId, Collection<Integer> rowNos, String states, String also) {
        if (rowNos.isEmpty()) {
            return Set.of();
        }
        return jdbc.call("read rows of file " + fileId + " in " + states, c -> {
            Set<Integer> wanted = new HashSet<>(rowNos);
            Set<Integer> found = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no FROM file_row WHERE file_id = ?"
                    + " AND state IN (" + states + ")" + also + " AND row_no BETWEEN ? AND ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, wanted.stream().mapToInt(Integer::intValue).min().orElseThrow());
                ps.setInt(3, wanted.stream().mapToInt(Integer::intValue).max().orElseThrow());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.contains(rs.getInt(1))) {
                            found.add(rs.getInt(1));
                        }
                    }
                }
            }
            return found;
        });
    }

    /**
     * Records the verification stage's verdicts in one transaction: a REJECTED row lets its NIK go (another
     * file may send the worker), a REVIEW row keeps it (it goes to BPJS once released, as a waitlisted row
     * does); a PENDING verdict (the row passed) changes no state: it marks the row checked (V37, never asked
     * again) and keeps its warning. Only a row still PENDING changes. Each warning is added to the row's
     * report remarks once.
     *
     * @return the rows whose state this call changed
     */
    public Set<Integer> recordVerdicts(long fileId, List<Verified> verdicts) {
        if (verdicts.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        return jdbc.inTransaction("record registry verdicts of file " + fileId, c -> {
            Set<Integer> changed = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, reasons = ?,"
                    + " last_error = ?, updated_at = ?,"
                    + " live_nik_hash = CASE WHEN ? = 'REJECTED' THEN NULL ELSE live_nik_hash END"
                    + " WHERE file_id = ? AND row_no = ? AND state = 'PENDING'")) {
                for (Verified v : verdicts) {
                    if (v.state() == RowState.PENDING) {
                        continue;
                    }
                    ps.setString(1, v.state().name());
                    ps.setString(2, RejectionsJson.write(v.reasons()));
                    ps.setString(3, truncate(NikMask.scrub(v.reviewReason())));
                    DbTime.set(ps, 4, now);
                    ps.setString(5, v.state().name());
                    ps.setLong(6, fileId);
                    ps.setInt(7, v.rowNo());
                    if (ps.executeUpdate() == 1) {
                        changed.add(v.rowNo());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET registry_checked_at = ?"
                    + " WHERE file_id = ? AND row_no = ? AND state = 'PENDING' AND registry_checked_at IS NULL")) {
                for (Verified v : verdicts) {
                    if (v.state() == RowState.PENDING) {
                        DbTime.set(ps, 1, now);
                        ps.setLong(2, fileId);
                        ps.setInt(3, v.rowNo());
                        ps.executeUpdate();
                    }
                }
            }
            for (Verified v : verdicts) {
                if (v.warning() != null) {
                    addWarning(c, fileId, v.rowNo(), v.warning());
                }
            }
            return changed;
        });
    }

    /** The rows waiting in REVIEW, oldest first, at most {@code limit}. */
    public List<ReviewRow> reviewRows(int limit) {
        return jdbc.call("list review rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.file_id, r.row_no, r.nik_enc, r.last_error,"
                    + " r.updated_at, f.agency_id, f.file_name FROM file_row r JOIN agency_file f ON f.id = r.file_id"
                    + " WHERE r.state = 'REVIEW' ORDER BY r.updated_at, r.file_id, r.row_no LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                List<ReviewRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long fileId = rs.getLong("file_id");
                        int rowNo = rs.getInt("row_no");
                        rows.add(new ReviewRow(fileId, rowNo, rs.getString("agency_id"), rs.getString("file_name"),
                                pii.decrypt(rs.getString("nik_enc"), CipherContext.rowNik(fileId, rowNo)),
                                rs.getString("last_error"), DbTime.get(rs, "updated_at")));
                    }
                }
                return rows;
            }
        });
    }

    /** Why the row waits in REVIEW (its last_error, "Indonesian / English"); null when none is kept. */
    public String reviewReason(long fileId, int rowNo) {
        return jdbc.call("read review reason", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_error FROM file_row WHERE file_id = ? AND row_no = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, rowNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The row's state, or empty when the ledger has no such row. */
    public Optional<RowState> stateOf(long fileId, int rowNo) {
        return jdbc.call("read row state", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state FROM file_row WHERE file_id = ? AND row_no = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, rowNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RowState.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * The request stored for the row at intake (decrypted job item JSON), for the release; null when none
     * was stored.
     */
    public String storedItem(long fileId, int rowNo) {
        return jdbc.call("read stored request", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT request_json FROM file_row WHERE file_id = ? AND row_no = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, rowNo);
                try (ResultSet rs = ps.executeQuery()) {
                    String stored = rs.next() ? rs.getString(1) : null;
                    return stored == null ? null : pii.decryptText(stored, CipherContext.rowRequest(fileId, rowNo));
                }
            }
        });
    }

    /**
     * A person released the row: REVIEW to PENDING, and a file that was reported (REPORTING, DONE) back to
     * PROCESSING, so that its reports are written again once BPJS answers the row (as a replay does). The
     * row holds its NIK again unless another row holds it meanwhile (then the outcome check keeps one worker).
     *
     * @return false when the row is not in REVIEW (decided already, or no such row)
     */
    public boolean release(long fileId, int rowNo) {
        return release(fileId, rowNo, null, false) == RowState.PENDING;
    }

    /**
     * {@link #release(long, int)} past the budget, as a fresh row is taken in (docs/verification.md, "The
     * review path"): under the programme's commitment lock (V23) the gate decides the row as a PENDING
     * enrollment of its declared income. A row the budget carries (or, under WARN, does not carry but is
     * enrolled all the same) goes PENDING and its money is added to the running commitment; a row the
     * budget cannot carry under WAITLIST goes WAITLISTED (it keeps its NIK and its stored request: the
     * waitlist release sends it), and a file already reported goes to REPORTING without a start time so
     * that its reports say so. A row held in REVIEW was never counted against the budget (the plan counts
     * PENDING and WAITLISTED rows), so this is its first say. {@code gate} null: no budget check.
     *
     * @param registryChecked the row waited for the registry's doubt (not found, no e-KTP, unreadable): the
     *                        person's check stands for the registry's and the row is marked checked (V37),
     *                        so that no job (its own job still being redelivered, a waitlist release, a
     *                        replay) asks the registry about it again and puts it back in REVIEW
     * @return PENDING or WAITLISTED; null when the row is not in REVIEW (decided already, or no such row)
     */
    public RowState release(long fileId, int rowNo, BudgetGate gate, boolean registryChecked) {
        Instant now = clock.instant();
        return jdbc.inTransaction("release review row", c -> {
            RowState to = RowState.PENDING;
            long committed = 0;
            if (gate != null) {
                long running = BudgetLedger.lockCommitment(c, gate.programmeId(), now);
                Long income;
                String action;
                try (PreparedStatement ps = c.prepareStatement("SELECT monthly_income, action FROM file_row"
                        + " WHERE file_id = ? AND row_no = ? AND state = 'REVIEW' FOR UPDATE")) {
                    ps.setLong(1, fileId);
                    ps.setInt(2, rowNo);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        income = rs.getObject(1, Long.class);
                        action = rs.getString(2);
                    }
                }
                if (action == null) {
                    // As a fresh row: behind any row waiting on the budget now.
                    BudgetGate.Admitted admitted = gate.admit(running, BudgetLedger.anyWaitlisted(c), List.of(
                            new LedgerRow(fileId, rowNo, null, null, RowState.PENDING, List.of(), null, null, null,
                                    income, null)));
                    to = admitted.rows().get(0).state();
                    committed = admitted.committed();
                }
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, updated_at = ?,"
                    + " last_error = NULL, live_nik_hash = CASE WHEN EXISTS (SELECT 1 FROM file_row o"
                    + " WHERE o.live_nik_hash = file_row.nik_hash AND NOT (o.file_id = file_row.file_id"
                    + " AND o.row_no = file_row.row_no)) THEN NULL ELSE nik_hash END"
                    + (registryChecked ? ", registry_checked_at = ?" : "")
                    + " WHERE file_id = ? AND row_no = ? AND state = 'REVIEW'")) {
                int i = 1;
                ps.setString(i++, to.name());
                DbTime.set(ps, i++, now);
                if (registryChecked) {
                    DbTime.set(ps, i++, now);
                }
                ps.setLong(i++, fileId);
                ps.setInt(i, rowNo);
                n = ps.executeUpdate();
            }
            if (n != 1) {
                return null;
            }
            if (gate != null) {
                BudgetLedger.addCommitment(c, gate.programmeId(), committed, now);
            }
            if (to == RowState.PENDING) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'PROCESSING'"
                        + " WHERE id = ? AND state IN ('REPORTING', 'DONE')")) {
                    ps.setLong(1, fileId);
                    ps.executeUpdate();
                }
            } else {
                // Waitlisted: its reports say so once written again (as a refusal leaves a reported file).
                reportAgain(c, fileId);
            }
            return to;
        });
    }

    /**
     * A person refused the row: REVIEW to REJECTED with {@code reason}, its NIK let go. A file already
     * reported, with no row PENDING, goes to REPORTING without a start time, which the stale-reports route
     * takes up on its next round and writes the reports again (as a replay that only refused rows does).
     *
     * @return false when the row is not in REVIEW
     */
    public boolean refuse(long fileId, int rowNo, RowRejection reason) {
        Instant now = clock.instant();
        return jdbc.inTransaction("refuse review row", c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'REJECTED', reasons = ?,"
                    + " last_error = NULL, updated_at = ?, live_nik_hash = NULL"
                    + " WHERE file_id = ? AND row_no = ? AND state = 'REVIEW'")) {
                ps.setString(1, RejectionsJson.write(List.of(reason)));
                DbTime.set(ps, 2, now);
                ps.setLong(3, fileId);
                ps.setInt(4, rowNo);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                reportAgain(c, fileId);
            }
            return n == 1;
        });
    }

    /**
     * A file already reported, with no row PENDING, goes to REPORTING without a start time: the stale-reports
     * route writes its reports again on its next round.
     */
    private static void reportAgain(Connection c, long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'REPORTING',"
                + " reporting_since = NULL WHERE id = ? AND state IN ('REPORTING', 'DONE')"
                + " AND NOT EXISTS (SELECT 1 FROM file_row r WHERE r.file_id = ? AND r.state = 'PENDING')")) {
            ps.setLong(1, fileId);
            ps.setLong(2, fileId);
            ps.executeUpdate();
        }
    }

    /** The row's report remarks, in order (file_warning). */
    public List<String> warnings(long fileId, int rowNo) {
        return jdbc.call("read row warnings", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT text FROM file_warning WHERE file_id = ? AND row_no = ? ORDER BY seq")) {
                ps.setLong(1, fileId);
                ps.setInt(2, rowNo);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** After the row's other remarks (validation's come first), once. */
    private static void addWarning(Connection c, long fileId, int rowNo, String text) throws SQLException {
        int next = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, text FROM file_warning WHERE file_id = ? AND row_no = ?")) {
            ps.setLong(1, fileId);
            ps.setInt(2, rowNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (text.equals(rs.getString(2))) {
                        return;
                    }
                    next = Math.max(next, rs.getInt(1) + 1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO file_warning (file_id, row_no, seq, text) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, fileId);
            ps.setInt(2, rowNo);
            ps.setInt(3, next);
            ps.setString(4, text);
            ps.executeUpdate();
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }
}
