package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.changes.ChangeItem;
import id.jamsos.gateway.enrollment.IdempotencyKeys;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * What the budget plan reads and the {@code budget} command writes (V18): the top-ups decided during
 * the year, the covered workers of a month grouped as the plan prices them, the enrollments still on
 * their way or on the waitlist, the waitlist itself in arrival order, and the renewal of a programme
 * year. Money in whole rupiah. No NIK is decrypted except a waitlisted row's stored request, which is
 * what BPJS is sent when the row is released.
 */
public final class BudgetLedger {

    /** One top-up (APBD-P, a donor's pledge) recorded with {@code budget add}. */
    public record TopUp(long id, String programmeId, String source, long amount, String account, LocalDate decidedOn,
                        String reference, Instant recordedAt, String recordedBy) {
    }

    /**
     * Workers covered in a month under one agency and funding source (null: the agency's configured
     * source), at one declared income (null: the configured default income applies).
     */
    public record CoveredCount(String agencyId, String fundingSource, Long monthlyIncome, long workers) {
    }

    /** Enrollment rows not yet decided by BPJS (PENDING) or held (WAITLISTED), by declared income. */
    public record WaitingCount(RowState state, Long monthlyIncome, long rows) {
    }

    /** A waitlisted row in arrival order, with its stored job item (JSON; null when none was stored). */
    public record WaitlistedRow(long fileId, int rowNo, String agencyId, String fileName, Long monthlyIncome,
                                String itemJson) {
    }

    /** A renewal as recorded: how many workers were carried and how many ended (BUDGET_ENDED). */
    public record Renewal(String fromProgramme, String toProgramme, YearMonth lastMonth, int carried, int ended,
                          String confirmedBy, Instant renewedAt) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Jdbc jdbc;
    private final DataSource jdbcSource;
    private final PersonalDataCipher pii;
    private final Clock clock;

    /** Rows released per transaction (and per hold of the commitment lock); see {@link #release(List, Map, BudgetGate)}. */
    static final int RELEASE_CHUNK = 1_000;

    public BudgetLedger(DataSource dataSource, PersonalDataCipher pii, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.jdbcSource = dataSource;
        this.pii = Objects.requireNonNull(pii, "pii");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- top-ups

    public TopUp addTopUp(String programmeId, String source, long amount, String account, LocalDate decidedOn,
                          String reference, String recordedBy) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a top-up is a positive amount of whole rupiah, not " + amount);
        }
        Objects.requireNonNull(reference, "reference");
        Instant now = clock.instant();
        long id = jdbc.inTransaction("record budget top-up", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_topup (programme_id, source_code, amount,"
                    + " account, decided_on, reference, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, programmeId);
                ps.setString(2, source);
                ps.setLong(3, amount);
                ps.setString(4, account);
                ps.setDate(5, Date.valueOf(decidedOn));
                ps.setString(6, reference);
                DbTime.set(ps, 7, now);
                ps.setString(8, recordedBy);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new TopUp(id, programmeId, source, amount, account, decidedOn, reference, now, recordedBy);
    }

    /** The programme's top-ups in the order recorded. */
    public List<TopUp> topUps(String programmeId) {
        return jdbc.call("read budget top-ups", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, programme_id, source_code, amount, account,"
                    + " decided_on, reference, recorded_at, recorded_by FROM budget_topup WHERE programme_id = ?"
                    + " ORDER BY id")) {
                ps.setString(1, programmeId);
                List<TopUp> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TopUp(rs.getLong("id"), rs.getString("programme_id"), rs.getString("source_code"),
                                rs.getLong("amount"), rs.getString("account"), rs.getDate("decided_on").toLocalDate(),
                                rs.getString("reference"), DbTime.get(rs, "recorded_at"), rs.getString("recorded_by")));
                    }
                }
                return out;
            }
        });
    }

    // ---------------------------------------------------------------- what the plan prices

    /**
     * The workers covered in {@code month}, counted per agency, funding source and declared income: the
     * statement's cohort (FinanceLedger) without reading any worker one by one.
     */
    public List<CoveredCount> coveredIn(YearMonth month) {
        return jdbc.call("count covered workers by agency, source and income", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.agency_id, p.funding_source,"
                    + " " + IncomeInForce.INCOME + " AS monthly_income, COUNT(*) AS workers"
                    + " FROM coverage_period p JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    // Priced at the income in force in that month (V20), as the month's statement is.
                    + IncomeInForce.JOIN
                    + " WHERE p.first_month <= ? AND (p.last_month IS NULL OR p.last_month >= ?)"
                    + " GROUP BY p.agency_id, p.funding_source, " + IncomeInForce.INCOME)) {
                ps.setString(1, month.toString());
                ps.setString(2, month.toString());
                ps.setString(3, month.toString());
                List<CoveredCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CoveredCount(rs.getString("agency_id"), rs.getString("funding_source"),
                                rs.getObject("monthly_income", Long.class), rs.getLong("workers")));
                    }
                }
                return out;
            }
        });
    }

    /** Enrollment rows (not change rows) on their way to BPJS or on the waitlist, by declared income. */
    public List<WaitingCount> waiting() {
        return jdbc.call("count enrollments pending or waitlisted", BudgetLedger::waiting);
    }

    private static List<WaitingCount> waiting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, monthly_income, COUNT(*) AS n FROM file_row"
                + " WHERE state IN ('PENDING', 'WAITLISTED') AND action IS NULL GROUP BY state, monthly_income")) {
            List<WaitingCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WaitingCount(RowState.valueOf(rs.getString("state")),
                            rs.getObject("monthly_income", Long.class), rs.getLong("n")));
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- commitment (V23)

    /**
     * What an intake counts from: the programme's running commitment and the enrollments pending or
     * waitlisted, read together under the commitment's lock, so that no other intake's chunk falls
     * between the two (each records its rows and adds to the sum under that lock).
     */
    public record CommitmentSnapshot(long committed, List<WaitingCount> waiting) {
    }

    public CommitmentSnapshot commitmentSnapshot(String programmeId) {
        Instant now = clock.instant();
        return jdbc.inTransaction("read the budget's commitment", c -> {
            long committed = lockCommitment(c, programmeId, now);
            return new CommitmentSnapshot(committed, waiting(c));
        });
    }

    /** The programme's running commitment, read without its lock (tests, the status of a release). */
    public long committed(String programmeId) {
        return jdbc.call("read the budget's commitment", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT committed FROM budget_commitment WHERE programme_id = ?")) {
                ps.setString(1, programmeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Takes the programme's commitment lock until the transaction ends (the row is made on first use)
     * and returns the running sum. Every intake chunk and release of every process passes here, so
     * their budget decisions happen one at a time.
     */
    static long lockCommitment(Connection c, String programmeId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_commitment (programme_id, committed,"
                + " updated_at) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, programmeId);
            DbTime.set(ps, 2, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT committed FROM budget_commitment WHERE programme_id = ? FOR UPDATE")) {
            ps.setString(1, programmeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Adds what was just committed to the programme's running sum (under the lock taken before). */
    static void addCommitment(Connection c, String programmeId, long amount, Instant now) throws SQLException {
        if (amount == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE budget_commitment SET committed = committed + ?,"
                + " updated_at = ? WHERE programme_id = ?")) {
            ps.setLong(1, amount);
            DbTime.set(ps, 2, now);
            ps.setString(3, programmeId);
            ps.executeUpdate();
        }
    }

    /** True when any row waits on the budget (read on the lock holder's connection: others' committed rows). */
    static boolean anyWaitlisted(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM file_row WHERE state = 'WAITLISTED'")) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---------------------------------------------------------------- waitlist

    /** The waitlist in arrival order (file, then row), at most {@code limit} rows, with their stored requests. */
    public List<WaitlistedRow> waitlisted(int limit) {
        return jdbc.call("read the waitlist", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.file_id, r.row_no, f.agency_id, f.file_name,"
                    + " r.monthly_income, r.request_json FROM file_row r JOIN agency_file f ON f.id = r.file_id"
                    + " WHERE r.state = 'WAITLISTED' ORDER BY r.file_id, r.row_no LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                List<WaitlistedRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long fileId = rs.getLong("file_id");
                        int rowNo = rs.getInt("row_no");
                        String stored = rs.getString("request_json");
                        out.add(new WaitlistedRow(fileId, rowNo, rs.getString("agency_id"), rs.getString("file_name"),
                                rs.getObject("monthly_income", Long.class), stored == null ? null
                                : pii.decryptText(stored, CipherContext.rowRequest(fileId, rowNo))));
                    }
                }
                return out;
            }
        });
    }

    /** How many rows wait on the budget. */
    public long waitlistedCount() {
        return jdbc.call("count the waitlist", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_row WHERE state = 'WAITLISTED'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Moves these waitlisted rows to PENDING (they keep the NIK they hold) and their files back to
     * PROCESSING, so that the files' reports are written again once BPJS has answered. Rows no longer
     * waitlisted (another release took them) are left alone.
     *
     * @return the rows this call released, in the order given
     */
    public List<RowKey> release(List<RowKey> rows) {
        return setState(rows, RowState.WAITLISTED, RowState.PENDING, "release waitlisted rows", null);
    }

    /**
     * {@link #release(List)} under the programme's commitment lock (V23), as an intake's chunk is decided:
     * the gate sees what was committed since the release looked, may keep fewer rows (arrival order, the
     * first that no longer fits and every later one stay waitlisted), and what the released rows commit is
     * added to the running sum. The gate is given the rows as PENDING rows of their files to decide.
     */
    public List<RowKey> release(List<RowKey> rows, Map<RowKey, Long> incomes, BudgetGate gate) {
        // In chunks of RELEASE_CHUNK rows, one transaction each: the commitment lock is held for one
        // chunk's decision and its batched UPDATEs, not for a release of up to 100,000 rows, so an intake
        // chunk waiting for the lock gets it within the database's lock timeout. Each chunk is decided
        // anew under the lock (what the intakes committed in between counts); arrival order is kept:
        // once a chunk keeps fewer rows than it was given, every later row stays waitlisted.
        List<RowKey> released = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += RELEASE_CHUNK) {
            List<RowKey> chunk = rows.subList(from, Math.min(rows.size(), from + RELEASE_CHUNK));
            int[] kept = {0, 0};
            released.addAll(setState(chunk, RowState.WAITLISTED, RowState.PENDING, "release waitlisted rows",
                    (c, now) -> {
                        long committed = lockCommitment(c, gate.programmeId(), now);
                        List<LedgerRow> asked = new ArrayList<>();
                        // Only rows still waitlisted, each locked until the UPDATE: the money committed below
                        // is that of the rows this call moves, never of a row another release took meanwhile.
                        for (RowKey k : stillWaitlisted(c, chunk)) {
                            asked.add(new LedgerRow(k.fileId(), k.rowNo(), null, null, RowState.PENDING, List.of(),
                                    null, null, null, incomes.get(k), null));
                        }
                        // Waitlisted rows are what is being decided: they do not make these wait.
                        BudgetGate.Admitted admitted = gate.admit(committed, false, asked);
                        addCommitment(c, gate.programmeId(), admitted.committed(), now);
                        List<RowKey> admit = admitted.rows().stream().filter(r -> r.state() == RowState.PENDING)
                                .map(r -> new RowKey(r.fileId(), r.rowNo())).toList();
                        kept[0] = admit.size();
                        kept[1] = asked.size();
                        return admit;
                    }));
            if (kept[0] < kept[1]) {
                break;
            }
        }
        return released;
    }

    /** Puts released rows whose jobs the broker did not take back on the waitlist, in their place. */
    public List<RowKey> backToWaitlist(List<RowKey> rows) {
        return setState(rows, RowState.PENDING, RowState.WAITLISTED, "put rows back on the waitlist", null);
    }

    /**
     * {@link #backToWaitlist(List)}, giving back what the release committed for the rows it puts back
     * ({@code committedPerRow}, as the release's gate reckoned it), in the same transaction: rows no longer
     * PENDING (already answered, say) keep theirs.
     */
    public List<RowKey> backToWaitlist(List<RowKey> rows, Map<RowKey, Long> committedPerRow, String programmeId) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.inTransaction("put rows back on the waitlist", c -> {
            lockCommitment(c, programmeId, now);
            List<RowKey> back = new ArrayList<>();
            long given = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'WAITLISTED', updated_at = ?"
                    + " WHERE file_id = ? AND row_no = ? AND state = 'PENDING'")) {
                for (RowKey k : rows) {
                    DbTime.set(ps, 1, now);
                    ps.setLong(2, k.fileId());
                    ps.setInt(3, k.rowNo());
                    if (ps.executeUpdate() == 1) {
                        back.add(k);
                        given = Math.addExact(given, committedPerRow.getOrDefault(k, 0L));
                    }
                }
            }
            addCommitment(c, programmeId, -given, now);
            return back;
        });
    }

    private static List<RowKey> stillWaitlisted(Connection c, List<RowKey> rows) throws SQLException {
        List<RowKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM file_row WHERE file_id = ? AND row_no = ?"
                + " AND state = 'WAITLISTED' FOR UPDATE")) {
            for (RowKey k : rows) {
                ps.setLong(1, k.fileId());
                ps.setInt(2, k.rowNo());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(k);
                    }
                }
            }
        }
        return out;
    }

    /** Which of the rows asked a state change may have it, decided in the change's transaction. */
    @FunctionalInterface
    private interface Chooser {
        List<RowKey> choose(Connection c, Instant now) throws SQLException;
    }

    private List<RowKey> setState(List<RowKey> rows, RowState from, RowState to, String what, Chooser chooser) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.inTransaction(what, c -> {
            List<RowKey> changed = new ArrayList<>();
            Set<Long> files = new LinkedHashSet<>();
            List<RowKey> chosen = chooser == null ? rows : chooser.choose(c, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, updated_at = ?"
                    + " WHERE file_id = ? AND row_no = ? AND state = ?")) {
                for (RowKey k : chosen) {
                    ps.setString(1, to.name());
                    DbTime.set(ps, 2, now);
                    ps.setLong(3, k.fileId());
                    ps.setInt(4, k.rowNo());
                    ps.setString(5, from.name());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        RowKey k = chosen.get(i);
                        changed.add(k);
                        files.add(k.fileId());
                    }
                }
            }
            if (to == RowState.PENDING) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'PROCESSING'"
                        + " WHERE id = ? AND state IN ('REPORTING', 'DONE')")) {
                    for (long f : files) {
                        ps.setLong(1, f);
                        ps.executeUpdate();
                    }
                }
            }
            return changed;
        });
    }

    // ---------------------------------------------------------------- renewal

    /**
     * Carries the programme {@code from} over to {@code to}: the workers covered in {@code lastMonth}
     * (the old programme's last month) whose period is open keep it, which simply continues into the
     * new year. When {@code confirmed} is given, only the workers it accepts (by the keyed NIK hash)
     * are carried; the others' periods end with {@code lastMonth}, reason BUDGET_ENDED. Once per pair:
     * a second renewal of the same pair is refused (the unique key), and changes nothing.
     *
     * @param confirmed null to carry every covered worker; else a test on the worker's NIK hash
     * @param confirmingAgency the agency whose confirmation it is: its workers alone are tested (null: all)
     */
    public Renewal renew(String from, String to, YearMonth lastMonth, Predicate<String> confirmed,
                         String confirmingAgency, String confirmedBy, String by) {
        return renewAndDeactivate(from, to, lastMonth, confirmed, confirmingAgency, confirmedBy, by).renewal();
    }

    /**
     * The deactivations a renewal asks of BPJS for one agency's workers it did not carry: one change file
     * of the gateway's own (agency_file, PROCESSING) whose BERHENTI rows (reason BUDGET_ENDED, last month
     * the old programme's) are PENDING, each holding its worker's NIK, with their job items stored. The
     * {@code budget renew} command queues them on the changes queue as the intake queues an agency's change
     * rows: the change route calls BPJS at the agreed rate, with the row's idempotency key as refId, parks
     * what fails, and reports the file to the agency.
     *
     * @param skipped workers whose NIK another BERHENTI holds in flight (or with no stored NIK): their cover
     *     ended, no row was made; a file with no rows at all is REPORTING at once
     */
    public record Deactivation(long fileId, String agencyId, String fileName, List<ChangeItem> items, int skipped) {
    }

    /** A renewal and the deactivations it asks of BPJS, per agency. */
    public record Renewed(Renewal renewal, List<Deactivation> deactivations) {
    }

    /**
     * {@link #renew}, which it is: the workers it does not carry get their period ended BUDGET_ENDED with
     * {@code lastMonth} (finance is told by COVERAGE_ENDED, as of every end) and, in the same transaction,
     * a deactivation row for BPJS ({@link Deactivation}), so the city's books and BPJS end together.
     */
    public Renewed renewAndDeactivate(String from, String to, YearMonth lastMonth, Predicate<String> confirmed,
                                      String confirmingAgency, String confirmedBy, String by) {
        Instant now = clock.instant();
        return jdbc.inTransaction("renew programme " + from + " to " + to, c -> {
            List<String[]> open = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.kpj, p.nik_hash, p.agency_id, w.nik_enc,"
                    + " w.file_id, w.row_no, w.name FROM coverage_period p LEFT JOIN worker w ON w.kpj = p.kpj"
                    + " WHERE p.last_month IS NULL AND p.first_month <= ? ORDER BY p.id")) {
                ps.setString(1, lastMonth.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        open.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)});
                    }
                }
            }
            int ended = 0;
            Map<String, List<String[]>> endedByAgency = new java.util.TreeMap<>();
            for (String[] p : open) {
                boolean asked = confirmed != null && (confirmingAgency == null || confirmingAgency.equals(p[2]));
                if (asked && !confirmed.test(p[1])) {
                    CoverageLedger.endOpen(c, p[0], lastMonth, EndReason.BUDGET_ENDED, "budget:" + from, now);
                    endedByAgency.computeIfAbsent(p[2], k -> new ArrayList<>()).add(p);
                    ended++;
                }
            }
            int carried = open.size() - ended;
            insertRenewal(c, from, to, lastMonth, carried, ended, confirmedBy, now, by);
            List<Deactivation> deactivations = new ArrayList<>();
            for (Map.Entry<String, List<String[]>> e : endedByAgency.entrySet()) {
                deactivations.add(deactivationFile(c, from, to, lastMonth, e.getKey(), e.getValue(), now));
            }
            return new Renewed(new Renewal(from, to, lastMonth, carried, ended, confirmedBy, now),
                    List.copyOf(deactivations));
        });
    }

    private Deactivation deactivationFile(Connection c, String from, String to, YearMonth lastMonth, String agencyId,
                                          List<String[]> workers, Instant now) throws SQLException {
        String name = "renewal-" + from + "-to-" + to + "-budget-ended.csv";
        String checksum = sha256("renewal\n" + from + "\n" + to + "\n" + agencyId);
        long fileId = Ledger.insertFile(c, agencyId, name, checksum, true, now, FileState.PROCESSING);
        List<LedgerRow> rows = new ArrayList<>();
        List<ChangeItem> items = new ArrayList<>();
        int skipped = 0;
        int rowNo = 0;
        List<Integer> unheld = new ArrayList<>();
        for (String[] w : workers) {
            String holder = w[3] == null ? null : inFlightAction(c, w[1]);
            if (w[3] == null || ChangeAction.BERHENTI.name().equals(holder)) {
                // Another BERHENTI is on its way to BPJS for this worker: the cover is ended here all the
                // same, BPJS hears of the worker from that row. (No stored NIK: nothing can be sent.)
                skipped++;
                continue;
            }
            rowNo++;
            String nik = pii.decrypt(w[3], CipherContext.rowNik(Long.parseLong(w[4]), Integer.parseInt(w[5])));
            String key = IdempotencyKeys.of(agencyId, checksum, rowNo);
            ChangeItem item = new ChangeItem(rowNo, ChangeAction.BERHENTI, key, w[0], nik,
                    EndReason.BUDGET_ENDED.name(), lastMonth.toString(), null, null, null);
            items.add(item);
            // A row of another kind holds the NIK (a KOREKSI, a PINDAH, a waitlisted row): it does not tell
            // BPJS the cover ended, so this row goes too, PENDING without holding the NIK, as a replayed row
            // whose NIK another row holds goes (Ledger.resetParkedToPending). Inserted PARKED (which holds
            // nothing) and made PENDING below, in this transaction: the one row holding the NIK stays the
            // other, and the unique key (file_row_live_nik_uq) is kept.
            boolean held = holder != null;
            if (held) {
                unheld.add(rowNo);
            }
            rows.add(new LedgerRow(fileId, rowNo, nik, w[6], held ? RowState.PARKED : RowState.PENDING, List.of(),
                    key, w[0], null, null, null, ChangeAction.BERHENTI, json(item)));
        }
        new Ledger(jdbcSource, clock, pii).insert(c, fileId, rows, now);
        try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'PENDING'"
                + " WHERE file_id = ? AND row_no = ? AND state = 'PARKED'")) {
            for (int r : unheld) {
                ps.setLong(1, fileId);
                ps.setInt(2, r);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET total_rows = ?, rejected_rows = 0"
                + " WHERE id = ?")) {
            ps.setInt(1, rows.size());
            ps.setLong(2, fileId);
            ps.executeUpdate();
        }
        if (rows.isEmpty()) {
            // Nothing to send: no answer will ever decide a row of the file and start its reports. It goes
            // to REPORTING with no start time at once, which the stale-reports route takes up on its next
            // round (jamsos.reports.retryIntervalMs), as a replay that only refused rows leaves a file.
            try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET state = 'REPORTING',"
                    + " reporting_since = NULL WHERE id = ? AND state = 'PROCESSING'")) {
                ps.setLong(1, fileId);
                ps.executeUpdate();
            }
        }
        return new Deactivation(fileId, agencyId, name, List.copyOf(items), skipped);
    }

    /**
     * What the row holding this NIK in flight is (BERHENTI, KOREKSI, PINDAH, or DAFTAR for an enrollment
     * row, pending or waitlisted), or null when no row holds it.
     */
    private static String inFlightAction(Connection c, String nikHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT action FROM file_row WHERE live_nik_hash = ?")) {
            ps.setString(1, nikHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String action = rs.getString(1);
                return action == null ? ChangeAction.DAFTAR.name() : action;
            }
        }
    }

    private static String json(ChangeItem item) {
        try {
            return JSON.writeValueAsString(item);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deactivation of row " + item.rowNo());
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRenewal(Connection c, String from, String to, YearMonth lastMonth, int carried,
                                      int ended, String confirmedBy, Instant now, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO programme_renewal (from_programme, to_programme,"
                + " last_month, carried, ended, confirmed_by, renewed_at, renewed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, from);
            ps.setString(2, to);
            ps.setString(3, lastMonth.toString());
            ps.setInt(4, carried);
            ps.setInt(5, ended);
            ps.setString(6, confirmedBy);
            DbTime.set(ps, 7, now);
            ps.setString(8, by);
            ps.executeUpdate();
        }
    }

    /** The renewals recorded, oldest first. */
    public List<Renewal> renewals() {
        return jdbc.call("read renewals", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT from_programme, to_programme, last_month, carried,"
                    + " ended, confirmed_by, renewed_at FROM programme_renewal ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<Renewal> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Renewal(rs.getString(1), rs.getString(2), YearMonth.parse(rs.getString(3)),
                            rs.getInt(4), rs.getInt(5), rs.getString(6), DbTime.get(rs, "renewed_at")));
                }
                return out;
            }
        });
    }

    /** The keyed hash NIKs are matched by (a confirmation file's NIKs against the periods). */
    public String nikHash(String nik) {
        return pii.hash(nik);
    }

    // ---------------------------------------------------------------- coverage counts

    /** One agency's cover in a month: covered, started, and ended by reason (the {@code coverage} command). */
    public record MonthCounts(String agencyId, long covered, long started, java.util.Map<EndReason, Long> ended) {
    }

    /** Per agency (of one, or of all when {@code agencyIdOrNull} is null), in agency order. */
    public List<MonthCounts> coverageCounts(YearMonth month, String agencyIdOrNull) {
        String m = month.toString();
        String agency = agencyIdOrNull == null ? "" : " AND agency_id = ?";
        return jdbc.call("count cover of a month", c -> {
            java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
            java.util.Map<String, java.util.Map<EndReason, Long>> ended = new java.util.TreeMap<>();
            String[] queries = {
                "SELECT agency_id, COUNT(*) FROM coverage_period WHERE first_month <= ? AND (last_month IS NULL"
                        + " OR last_month >= ?)" + agency + " GROUP BY agency_id",
                // A period ended before its first month covered nothing: it did not start.
                "SELECT agency_id, COUNT(*) FROM coverage_period WHERE first_month = ? AND (last_month IS NULL"
                        + " OR last_month >= ?)" + agency + " GROUP BY agency_id"};
            for (int q = 0; q < queries.length; q++) {
                try (PreparedStatement ps = c.prepareStatement(queries[q])) {
                    ps.setString(1, m);
                    ps.setString(2, m);
                    if (agencyIdOrNull != null) {
                        ps.setString(3, agencyIdOrNull);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            counts.computeIfAbsent(rs.getString(1), k -> new long[2])[q] = rs.getLong(2);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT agency_id, end_reason, COUNT(*) FROM coverage_period"
                    + " WHERE last_month = ? AND last_month >= first_month" + agency + " GROUP BY agency_id, end_reason")) {
                ps.setString(1, m);
                if (agencyIdOrNull != null) {
                    ps.setString(2, agencyIdOrNull);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getString(1), k -> new long[2]);
                        ended.computeIfAbsent(rs.getString(1), k -> new java.util.EnumMap<>(EndReason.class))
                                .put(EndReason.valueOf(rs.getString(2)), rs.getLong(3));
                    }
                }
            }
            List<MonthCounts> out = new ArrayList<>();
            counts.forEach((a, n) -> out.add(new MonthCounts(a, n[0], n[1],
                    ended.getOrDefault(a, new java.util.EnumMap<>(EndReason.class)))));
            return out;
        });
    }
}
