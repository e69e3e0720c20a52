package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import id.jamsos.gateway.nik.NikMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import id.jamsos.gateway.model.RowRejection;
import javax.sql.DataSource;

/**
 * The gateway's record of every agency file, every row's fate, the workers it enrolled and the claims
 * BPJS reported. Thread-safe: it keeps no state besides the DataSource, and every operation that must
 * be atomic is one statement or one transaction, so several gateway processes may share a database.
 *
 * <p>The SQL is one dialect for PostgreSQL and H2 in PostgreSQL mode (see {@link LedgerDataSource}).
 */
public final class Ledger {

    /** NIKs per IN (...) list: well below either database's parameter limit. */
    private static final int IN_CHUNK = 500;
    /** Rows per round trip when streaming a file's rows. */
    private static final int STREAM_FETCH_SIZE = 1_000;
    /** Error texts are for people; a stack trace pasted whole is cut. */
    private static final int MAX_ERROR_CHARS = 4_000;
    // A rejected row keeps its raw NIK and NAMA cells, which a broken quote can make as long as a
    // line: kept clipped to what file_row holds (nik_enc VARCHAR(160) is the ciphertext of at most 77
    // UTF-8 bytes, 24 chars being at most 72; name VARCHAR(256)). Valid rows are far below both.
    static final int MAX_STORED_NIK_CHARS = 24;
    static final int MAX_STORED_NAME_CHARS = 200;

    private static final String ROW_COLUMNS =
            "file_id, row_no, nik_enc, name, state, reasons, idempotency_key, kpj, last_error, action";
    static final String FILE_COLUMNS =
            "id, agency_id, file_name, checksum, state, total_rows, rejected_rows, received_at, reported_at, error, purged_at";
    private static final String WORKER_COLUMNS =
            "nik_hash, nik_enc, kpj, name, agency_id, district, file_id, row_no, enrolled_at, birth_hash";
    private static final String CLAIM_COLUMNS =
            "claim_id, claim_type, kpj, nik_hash, nik_enc, amount, agency_id, received_at, payload";

    private final Jdbc jdbc;
    private final Clock clock;
    private final PersonalDataCipher pii;
    /** The city's zone (jamsos.finance.zone): the month a new worker's cover starts is read in it. */
    private final ZoneId zone;

    /** With the public test key: for tests and tools only; the gateway passes its configured cipher. */
    public Ledger(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** With the public test key: for tests only. */
    public Ledger(DataSource dataSource, Clock clock) {
        this(dataSource, clock, PersonalDataCipher.forTests());
    }

    public Ledger(DataSource dataSource, PersonalDataCipher pii) {
        this(dataSource, Clock.systemUTC(), pii);
    }

    /** In the default zone of jamsos.finance.zone (Asia/Jayapura). */
    public Ledger(DataSource dataSource, Clock clock, PersonalDataCipher pii) {
        this(dataSource, clock, pii, CoverageLedger.DEFAULT_ZONE);
    }

    public Ledger(DataSource dataSource, Clock clock, PersonalDataCipher pii, ZoneId zone) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pii = Objects.requireNonNull(pii, "pii");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The reports' warnings and versions (V26), on this ledger's database. */
    public ReportLedger reports() {
        return new ReportLedger(jdbc, clock);
    }

    /** The cipher this ledger stores personal data with, for the other ledger views. */
    public PersonalDataCipher personalData() {
        return pii;
    }

    // ---------------------------------------------------------------- files

    /**
     * Records a received file. When the agency already has a file with this checksum that did not fail,
     * the new one is recorded as DUPLICATE and the earlier one is named; a FAILED file never blocks a
     * re-upload. Two processes registering the same file at once get one original and one duplicate:
     * the unique key on (agency_id, live_checksum) decides, not a read.
     */
    public FileRegistration registerFile(String agencyId, String fileName, String checksum, Instant receivedAt) {
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(receivedAt, "receivedAt");
        String sum = Objects.requireNonNull(checksum, "checksum").trim().toLowerCase(Locale.ROOT);
        return jdbc.call("register file", c -> {
            // Bounded: each lost race means a live file now exists, and the next pass finds it.
            for (int attempt = 0; attempt < 5; attempt++) {
                Optional<FileInfo> earlier = liveFile(c, agencyId, sum);
                if (earlier.isPresent() && earlier.get().state() == FileState.RECEIVING) {
                    // The intake of these bytes was cut off (crash, kill, broker down): go on with it.
                    return new FileRegistration(earlier.get().id(), false, null, null, null, true);
                }
                if (earlier.isPresent()) {
                    FileInfo first = earlier.get();
                    long id = insertFile(c, agencyId, fileName, sum, false, receivedAt, FileState.DUPLICATE);
                    return new FileRegistration(id, true, first.id(), first.fileName(), first.receivedAt(), false);
                }
                try {
                    long id = insertFile(c, agencyId, fileName, sum, true, receivedAt, FileState.RECEIVING);
                    return new FileRegistration(id, false, null, null, null, false);
                } catch (SQLException e) {
                    if (!Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            throw new LedgerException("registering a file of agency " + agencyId
                    + " kept colliding with concurrent registrations");
        });
    }

    /**
     * The agency's file with these bytes (SHA-256) that a new copy would be a duplicate of, or resume when it
     * is still RECEIVING; empty when there is none (a FAILED file never counts). For the portal's preview.
     */
    public Optional<FileInfo> liveFile(String agencyId, String checksum) {
        String sum = Objects.requireNonNull(checksum, "checksum").trim().toLowerCase(Locale.ROOT);
        return jdbc.call("look up a file by checksum", c -> liveFile(c, agencyId, sum));
    }

    private static Optional<FileInfo> liveFile(Connection c, String agencyId, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS
                + " FROM agency_file WHERE agency_id = ? AND live_checksum = ?")) {
            ps.setString(1, agencyId);
            ps.setString(2, checksum);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readFile(rs)) : Optional.empty();
            }
        }
    }

    static long insertFile(Connection c, String agencyId, String fileName, String checksum, boolean live,
                                   Instant receivedAt, FileState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agency_file (agency_id, file_name, checksum, live_checksum, received_at, state)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, agencyId);
            ps.setString(2, fileName);
            ps.setString(3, checksum);
            ps.setString(4, live ? checksum : null);
            DbTime.set(ps, 5, receivedAt);
            ps.setString(6, state.name());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for agency_file");
                }
                return keys.getLong(1);
            }
        }
    }

    /** RECEIVING to PROCESSING, with the row totals. Repeating it once the file has moved on does nothing. */
    public void completeIntake(long fileId, int totalRows, int rejectedRows) {
        jdbc.call("complete intake", c -> {
            int n = update(c, "UPDATE agency_file SET state = 'PROCESSING', total_rows = ?, rejected_rows = ?"
                    + " WHERE id = ? AND state = 'RECEIVING'", totalRows, rejectedRows, fileId);
            if (n == 0) {
                requireStateIn(c, fileId, "complete intake", FileState.PROCESSING, FileState.REPORTING, FileState.DONE);
            }
            return null;
        });
    }

    /**
     * Marks a file FAILED with the reason. The file stops counting for duplicate detection, so the agency
     * can upload it again. A file that is DONE or DUPLICATE keeps its state.
     */
    public void failFile(long fileId, String error) {
        String text = truncate(NikMask.scrub(error));
        jdbc.call("fail file", c -> {
            int n = update(c, "UPDATE agency_file SET state = 'FAILED', error = ?, live_checksum = NULL"
                    + " WHERE id = ? AND state IN ('RECEIVING', 'PROCESSING', 'REPORTING')", text, fileId);
            if (n == 0) {
                stateOf(c, fileId).orElseThrow(() -> noSuchFile(fileId));
            } else {
                // A failed file's pending rows no longer hold their NIKs: another file may send them. A job
                // of this file still on its way is answered later; the outcome check turns it away then.
                update(c, "UPDATE file_row SET live_nik_hash = NULL WHERE file_id = ? AND live_nik_hash IS NOT NULL",
                        fileId);
            }
            return null;
        });
    }

    /**
     * PROCESSING to REPORTING, only once no row of the file is PENDING. It is one conditional UPDATE, so of
     * any number of concurrent callers exactly one gets true: the others find the state already changed
     * (PostgreSQL re-checks the WHERE after waiting on the row lock; H2 does the same).
     */
    public boolean tryStartReporting(long fileId) {
        return jdbc.call("start reporting", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE agency_file SET state = 'REPORTING', reporting_since = ? WHERE id = ? AND state = 'PROCESSING'"
                            + " AND NOT EXISTS (SELECT 1 FROM file_row r WHERE r.file_id = ? AND r.state = 'PENDING')")) {
                DbTime.set(ps, 1, clock.instant());
                ps.setLong(2, fileId);
                ps.setLong(3, fileId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Files whose reports were started before {@code startedBefore} and never finished (the process
     * died while writing them, or the agency's SFTP stayed down past the retries), each claimed
     * again for this caller by one conditional update, so two processes never both take one.
     */
    public List<Long> reclaimStaleReporting(Instant startedBefore, int limit) {
        return jdbc.call("reclaim stale reporting", c -> {
            List<Long> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM agency_file WHERE state = 'REPORTING'"
                    + " AND (reporting_since IS NULL OR reporting_since < ?) ORDER BY id LIMIT ?")) {
                DbTime.set(ps, 1, startedBefore);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(rs.getLong(1));
                    }
                }
            }
            List<Long> claimed = new ArrayList<>();
            for (long id : stale) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agency_file SET reporting_since = ? WHERE id = ?"
                        + " AND state = 'REPORTING' AND (reporting_since IS NULL OR reporting_since < ?)")) {
                    DbTime.set(ps, 1, clock.instant());
                    ps.setLong(2, id);
                    DbTime.set(ps, 3, startedBefore);
                    if (ps.executeUpdate() == 1) {
                        claimed.add(id);
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * REPORTING to DONE. Does nothing when the file is already DONE, or back in PROCESSING because a
     * replay of parked rows reopened it while the report was being written (a new report will follow).
     */
    public void markReported(long fileId) {
        jdbc.call("mark reported", c -> {
            PreparedStatement ps = c.prepareStatement(
                    "UPDATE agency_file SET state = 'DONE', reported_at = ? WHERE id = ? AND state = 'REPORTING'");
            try (ps) {
                DbTime.set(ps, 1, clock.instant());
                ps.setLong(2, fileId);
                if (ps.executeUpdate() == 0) {
                    requireStateIn(c, fileId, "mark reported", FileState.DONE, FileState.PROCESSING);
                }
            }
            return null;
        });
    }

    public Optional<FileInfo> file(long fileId) {
        return jdbc.call("read file", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM agency_file WHERE id = ?")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readFile(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The latest files first, of one agency or of all when {@code agencyIdOrNull} is null. */
    public List<FileInfo> files(String agencyIdOrNull, int limit) {
        String where = agencyIdOrNull == null ? "" : " WHERE agency_id = ?";
        return jdbc.call("list files", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM agency_file" + where
                    + " ORDER BY received_at DESC, id DESC LIMIT ?")) {
                int i = 1;
                if (agencyIdOrNull != null) {
                    ps.setString(i++, agencyIdOrNull);
                }
                ps.setInt(i, Math.max(0, limit));
                List<FileInfo> files = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(readFile(rs));
                    }
                }
                return files;
            }
        });
    }

    /**
     * The latest file the agency sent under the same name before file {@code fileId}, in any state: when
     * there is one, {@code fileId} is a re-upload (a resumed or corrected upload, or another month's list
     * under last month's name), and its archive copy and reports get names of their own.
     */
    public Optional<FileInfo> earlierFileNamed(String agencyId, String fileName, long fileId) {
        return jdbc.call("find earlier file of the same name", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM agency_file"
                    + " WHERE agency_id = ? AND file_name = ? AND id < ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, agencyId);
                ps.setString(2, fileName);
                ps.setLong(3, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readFile(rs)) : Optional.empty();
                }
            }
        });
    }

    // ---------------------------------------------------------------- rows

    /** Who pays the periods enrollments open (docs/finance.md, "Coverage periods"); none until set. */
    private volatile PeriodFunding funding = PeriodFunding.NONE;

    /** The programme's funding rule, asked when an enrollment opens a worker's period (the gateway sets it). */
    public void fundPeriodsWith(PeriodFunding funding) {
        this.funding = Objects.requireNonNull(funding, "funding");
    }

    /** The rule set with {@link #fundPeriodsWith} (the change ledger's handovers use the same). */
    public PeriodFunding periodFunding() {
        return funding;
    }

    /** Stores rows of one file as one JDBC batch in one transaction. Each row's fileId must be {@code fileId}. */
    public void insertRows(long fileId, List<LedgerRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        for (LedgerRow row : rows) {
            if (row.fileId() != fileId) {
                throw new IllegalArgumentException("row " + row.rowNo() + " belongs to file " + row.fileId()
                        + ", not " + fileId);
            }
        }
        Instant now = clock.instant();
        jdbc.inTransaction("insert rows of file " + fileId, c -> {
            insert(c, fileId, rows, now);
            return null;
        });
    }

    /**
     * {@link #insertRows(long, List)} with the budget's decision taken in the same transaction, under the
     * programme's commitment lock (V23): the gate sees what other intakes and releases committed up to
     * this moment, turns the PENDING enrollments the budget cannot carry into WAITLISTED ones, and what it
     * commits is added to the programme's running sum before the lock is let go.
     *
     * @return the rows as recorded
     */
    public List<LedgerRow> insertRows(long fileId, List<LedgerRow> rows, BudgetGate gate) {
        if (gate == null) {
            insertRows(fileId, rows);
            return rows;
        }
        if (rows.isEmpty()) {
            return rows;
        }
        Instant now = clock.instant();
        return jdbc.inTransaction("insert rows of file " + fileId + " within the budget", c -> {
            long committed = BudgetLedger.lockCommitment(c, gate.programmeId(), now);
            BudgetGate.Admitted admitted = gate.admit(committed, BudgetLedger.anyWaitlisted(c), rows);
            insert(c, fileId, admitted.rows(), now);
            BudgetLedger.addCommitment(c, gate.programmeId(), admitted.committed(), now);
            return admitted.rows();
        });
    }

    /** The rows' INSERT inside a caller's transaction (also the renewal's deactivation rows, BudgetLedger). */
    void insert(Connection c, long fileId, List<LedgerRow> rows, Instant now) throws SQLException {
        for (LedgerRow row : rows) {
            if (row.fileId() != fileId) {
                throw new IllegalArgumentException("row " + row.rowNo() + " belongs to file " + row.fileId()
                        + ", not " + fileId);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_row (" + ROW_COLUMNS
                + ", attempts, updated_at, monthly_income, nik_hash, live_nik_hash, birth_hash, change_json)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
            for (LedgerRow row : rows) {
                ps.setLong(1, fileId);
                ps.setInt(2, row.rowNo());
                String nik = clip(row.nik(), MAX_STORED_NIK_CHARS);
                ps.setString(3, pii.encrypt(nik, CipherContext.rowNik(fileId, row.rowNo())));
                String nikHash = pii.hash(nik);
                ps.setString(13, nikHash);
                // A row on its way to BPJS holds its NIK: a second one fails here (file_row_live_nik_uq),
                // whoever checked standingOf first. A waitlisted row holds it too: it goes to BPJS once
                // released, and a second row of the NIK meanwhile would enrol the worker twice over. A
                // change row too: one NIK is never in flight twice. A row held in REVIEW for a person
                // (registry, eligibility list) goes to BPJS if released: it holds its NIK as well.
                ps.setString(14, row.state() == RowState.PENDING || row.state() == RowState.WAITLISTED
                        || row.state() == RowState.REVIEW ? nikHash : null);
                ps.setString(15, birthHash(row.birthDate()));
                // NULL is DAFTAR (V15), as every row before change files.
                ps.setString(10, row.action() == null || row.action() == ChangeAction.DAFTAR
                        ? null : row.action().name());
                ps.setString(16, row.changeJson() == null ? null
                        : pii.encryptText(row.changeJson(), CipherContext.rowChange(fileId, row.rowNo())));
                ps.setString(4, clip(row.name(), MAX_STORED_NAME_CHARS));
                ps.setString(5, Objects.requireNonNull(row.state(), "state").name());
                ps.setString(6, RejectionsJson.write(row.reasons()));
                ps.setString(7, row.idempotencyKey());
                ps.setString(8, row.kpj());
                ps.setString(9, truncate(NikMask.scrub(row.lastError())));
                DbTime.set(ps, 11, now);
                ps.setObject(12, row.monthlyIncome(), Types.BIGINT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }


    /**
     * True when a write failed on another transaction's row: a unique key taken meanwhile (such as a NIK
     * another intake has just put in flight), or a deadlock or serialization failure, or on H2 a lock
     * waited for longer than its LOCK_TIMEOUT (HYT00: the commitment lock held by a release). Deciding
     * again and retrying is then the answer.
     */
    public static boolean isCollision(LedgerException e) {
        String state = e.sqlState();
        return Jdbc.UNIQUE_VIOLATION.equals(state) || "40P01".equals(state) || "40001".equals(state)
                || "HYT00".equals(state);
    }

    /** The keyed hash a birth date is compared by; never the date itself. */
    public String birthHash(LocalDate birthDate) {
        return birthHash(pii, birthDate);
    }

    /** {@link #birthHash(LocalDate)} for the other ledger views, with their cipher. */
    static String birthHash(PersonalDataCipher pii, LocalDate birthDate) {
        return birthDate == null ? null : pii.hash("birth:" + birthDate);
    }

    /**
     * Applies BPJS's decisions in one transaction. Only a PENDING row changes, or a PARKED one when the
     * decision is final (a replay answered); so applying the same outcomes again changes nothing. An
     * ENROLLED row also becomes a worker; but when its NIK is already another row's worker, or BPJS's KPJ
     * already another NIK's, the row is not enrolled a second time: it ends REJECTED with
     * ALREADY_ENROLLED (the same person, the worker's KPJ) or DATA_CONFLICT (other data, both masked),
     * and the worker keeps the data of its first enrolment.
     *
     * @return how many ENROLLED outcomes were turned away that way
     */
    public int recordOutcomes(List<RowOutcome> outcomes) {
        return recordOutcomes(outcomes, List.of());
    }

    /**
     * {@link #recordOutcomes(List)} with what finance must be told of the rows that ended OTHER_PAYER
     * (already members another payer covers: no worker, no period of cover), in the same transaction, so
     * that no such row exists without finance's record of it (OtherPayerLedger, V36).
     */
    public int recordOutcomes(List<RowOutcome> outcomes, List<OtherPayerLedger.Found> otherPayers) {
        return recordOutcomes(outcomes, otherPayers, Map.of());
    }

    /**
     * {@link #recordOutcomes(List, List)}; and when a row that ends OTHER_PAYER is a person the city covers
     * already through another file's period (a parked row replayed after another file enrolled them: the
     * period is found by the row's NIK), that period ends OTHER_PAYER in the same transaction, by the lapse
     * round's rule (OtherPayerLedger.CityEnd: the month before {@code payerSince}'s sejak, this month without
     * one), and the row's finding names the period and the first month the city no longer pays: finance gets
     * COVERAGE_ENDED for the period and one COVERED_BY_OTHER_PAYER. No share guard: one row, one answer about
     * one person (docs/finance.md, "Workers another payer covers").
     *
     * @param payerSince the payer's sejak (yyyy-MM) by the finding's source; a source without one: this month
     */
    public int recordOutcomes(List<RowOutcome> outcomes, List<OtherPayerLedger.Found> otherPayers,
                              Map<String, String> payerSince) {
        if (outcomes.isEmpty()) {
            return 0;
        }
        for (RowOutcome o : outcomes) {
            RowState s = Objects.requireNonNull(o.state(), "state");
            if (s != RowState.ENROLLED && s != RowState.REFUSED && s != RowState.PARKED && s != RowState.OTHER_PAYER) {
                throw new IllegalArgumentException("an outcome is ENROLLED, REFUSED, PARKED or OTHER_PAYER, not " + s);
            }
            if (s == RowState.ENROLLED && (o.kpj() == null || o.kpj().isBlank())) {
                throw new IllegalArgumentException("ENROLLED outcome of file " + o.fileId() + " row " + o.rowNo()
                        + " has no KPJ");
            }
        }
        // One lock order for every caller: two transactions touching the same rows cannot deadlock.
        List<RowOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingLong(RowOutcome::fileId).thenComparingInt(RowOutcome::rowNo));
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(zone));
        // Prepared before the transaction: the programme's rule may read the budget plan.
        PeriodFunding.Round round = sorted.stream().anyMatch(o -> o.state() == RowState.ENROLLED)
                ? funding.round() : null;
        List<OtherPayerLedger.Found> toFinance = otherPayers == null ? List.of() : otherPayers;
        return jdbc.inTransaction("record outcomes", c -> {
            OtherPayerLedger.insert(c, toFinance, now);
            // Decided before anything is written: a second enrolment of a NIK (or a KPJ) never becomes
            // ENROLLED, not even for the length of this transaction. A worker whose cover ended, answered
            // with their own KPJ, is a re-enrollment: the row is ENROLLED and a new period opens below.
            SecondEnrolments.Decisions decided = SecondEnrolments.find(c,
                    sorted.stream().filter(o -> o.state() == RowState.ENROLLED).toList(), month);
            Map<RowKey, RowRejection> turnedAway = decided.refused();
            Map<RowKey, SecondEnrolments.Reenrolment> reenrolled = decided.reenrolments();
            List<RowOutcome> applied = sorted.stream().filter(o -> !turnedAway.containsKey(RowKey.of(o))).toList();
            // The last IN value is the second state the row may be in: PARKED for a final decision
            // (replay), PENDING again for a PARKED outcome, so a parked row is never parked twice.
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, kpj = ?, last_error = ?,"
                    + " attempts = attempts + 1, updated_at = ?,"
                    // A row that leaves PENDING lets its NIK go: a worker holds it now, or nobody (refused),
                    // or, parked, it waits for an operator, and a corrected row in another file may be sent.
                    + " live_nik_hash = NULL"
                    // CONCAT keeps the planner on the primary key: H2 otherwise may walk (file_id, state),
                    // every pending row of the file for each outcome (docs/performance.md).
                    + " WHERE file_id = ? AND row_no = ? AND CONCAT(state, '') IN ('PENDING', ?)")) {
                for (RowOutcome o : applied) {
                    boolean enrolled = o.state() == RowState.ENROLLED;
                    ps.setString(1, o.state().name());
                    // An OTHER_PAYER row keeps the member's KPJ too (the report shows it; no worker has it).
                    ps.setString(2, enrolled || o.state() == RowState.OTHER_PAYER ? o.kpj() : null);
                    ps.setString(3, enrolled ? null : truncate(NikMask.scrub(o.reason())));
                    DbTime.set(ps, 4, now);
                    ps.setLong(5, o.fileId());
                    ps.setInt(6, o.rowNo());
                    ps.setString(7, o.state() == RowState.PARKED ? RowState.PENDING.name() : RowState.PARKED.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            endCoverOfOtherPayerRows(c, toFinance, payerSince == null ? Map.of() : payerSince, month, now);
            List<RowOutcome> enrolments = applied.stream().filter(o -> o.state() == RowState.ENROLLED).toList();
            if (!enrolments.isEmpty()) {
                List<RowOutcome> notInserted = new ArrayList<>();
                // Reading the row back (state and KPJ) ties the worker to what the row really holds, so an
                // outcome that was not applied above cannot create a worker.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO worker (" + WORKER_COLUMNS
                        + ", kelurahan, occupation, sex, birth_year)"
                        + " SELECT r.nik_hash, r.nik_enc, r.kpj, r.name, ?, ?, r.file_id, r.row_no, ?, r.birth_hash,"
                        + " ?, ?, ?, ?"
                        + " FROM file_row r WHERE r.file_id = ? AND r.row_no = ? AND CONCAT(r.state, '') = 'ENROLLED'"
                        + " AND r.kpj = ? AND r.nik_hash IS NOT NULL"
                        + " ON CONFLICT DO NOTHING")) {
                    for (RowOutcome o : enrolments) {
                        WorkerProfile profile = o.profile();
                        ps.setString(1, o.agencyId());
                        ps.setString(2, o.district());
                        DbTime.set(ps, 3, now);
                        ps.setString(4, profile == null ? null : profile.kelurahan());
                        ps.setString(5, profile == null ? null : profile.occupation());
                        ps.setString(6, profile == null ? null : profile.sex());
                        if (profile == null || profile.birthYear() == null) {
                            ps.setNull(7, Types.INTEGER);
                        } else {
                            ps.setInt(7, profile.birthYear());
                        }
                        ps.setLong(8, o.fileId());
                        ps.setInt(9, o.rowNo());
                        ps.setString(10, o.kpj());
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    List<RowOutcome> inserted = new ArrayList<>();
                    for (int i = 0; i < counts.length; i++) {
                        (counts[i] == 1 ? inserted : notInserted).add(enrolments.get(i));
                    }
                    // Cover starts the month the worker is enrolled, in the same transaction: a worker
                    // never exists without the period that says since when they are covered.
                    // Who pays it, recorded as it opens: a later change of the programme's settings
                    // does not move this worker's months to another source.
                    CoverageLedger.openForNewWorkers(c, inserted, month, now,
                            PeriodFunds.forNewWorkers(c, round, inserted));
                }
                // A re-enrolled worker exists already (the insert did nothing): their new period opens here,
                // in this transaction, so a crash leaves the row PENDING and its answer is recorded again.
                List<RowOutcome> notOpened = SecondEnrolments.reopen(c, reenrolled, enrolments, now);
                // A re-enrolled worker's new period is funded by today's rule, like a new worker's.
                PeriodFunds.fundOpen(c, round, sorted.stream().filter(o -> reenrolled.containsKey(RowKey.of(o)))
                        .map(RowOutcome::kpj).toList());
                notInserted.removeIf(o -> reenrolled.containsKey(RowKey.of(o)));
                // Not inserted: the outcome was applied before (a redelivery), or another transaction
                // enrolled the NIK or the KPJ between the check above and the insert. Asked again now,
                // the check sees that worker, and the row is turned away like the others.
                turnedAway.putAll(SecondEnrolments.find(c, notInserted, month).refused());
                for (RowOutcome o : notOpened) {
                    turnedAway.put(RowKey.of(o), SecondEnrolments.notReopened(o.kpj()));
                }
            }
            return SecondEnrolments.turnAway(c, turnedAway, now);
        });
    }

    /**
     * The open period of cover of each OTHER_PAYER row's NIK (another file's enrolment of the same person),
     * ended OTHER_PAYER as the lapse round ends one, and the row's finding tied to it. A row whose outcome was
     * not applied (not OTHER_PAYER in the ledger) and a person without an open period change nothing, so a
     * redelivered answer ends nothing twice. <em>Guard (s13 review finding 3):</em> one replayed row passes no
     * share guard, so it ends the city's period only when BPJS's answer is about that very membership (the row's
     * KPJ is the period's); otherwise the finding stays recorded, untied, and the period is left to the next
     * payer round, which asks BPJS about the period's own KPJ under the share guard.
     */
    private static void endCoverOfOtherPayerRows(Connection c, List<OtherPayerLedger.Found> found,
                                                 Map<String, String> payerSince, YearMonth month, Instant now)
            throws SQLException {
        for (OtherPayerLedger.Found f : found) {
            if (f.fileId() == null || f.rowNo() == null) {
                continue;
            }
            long periodId;
            String kpj;
            YearMonth first;
            String foundKpj;
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.kpj, p.first_month, r.kpj FROM file_row r"
                    + " JOIN coverage_period p ON p.open_nik_hash = r.nik_hash"
                    + " WHERE r.file_id = ? AND r.row_no = ? AND CONCAT(r.state, '') = 'OTHER_PAYER'"
                    + " AND r.nik_hash IS NOT NULL")) {
                ps.setLong(1, f.fileId());
                ps.setInt(2, f.rowNo());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    periodId = rs.getLong(1);
                    kpj = rs.getString(2);
                    first = YearMonth.parse(rs.getString(3).trim());
                    foundKpj = rs.getString(4);
                }
            }
            if (foundKpj == null || !foundKpj.trim().equals(kpj.trim())) {
                org.slf4j.LoggerFactory.getLogger(Ledger.class).warn("file #{} row {}: BPJS names another payer ({}) for"
                        + " KPJ {}, but the city's open cover of the same person is KPJ {} (period {}): not ended by one"
                        + " row; the finding is recorded and the next payer round checks KPJ {}", f.fileId(), f.rowNo(),
                        f.payerKind(), foundKpj, kpj, periodId, kpj);
                continue;
            }
            OtherPayerLedger.CityEnd end = OtherPayerLedger.CityEnd.of(payerSince.get(f.source()), first, month);
            CoverageLedger.Ended ended = CoverageLedger.endOpen(c, kpj, end.last(), EndReason.OTHER_PAYER,
                    end.endedBy(), now);
            if (ended.outcome() != CoverageLedger.EndOutcome.ENDED) {
                continue;
            }
            OtherPayerLedger.tieToPeriod(c, f.source(), periodId, end.last().plusMonths(1));
            org.slf4j.LoggerFactory.getLogger(Ledger.class).info("file #{} row {}: paid by another payer ({}) from {}; the city's cover of the same person"
                    + " (period {}, KPJ {}) ended OTHER_PAYER with {}", f.fileId(), f.rowNo(), f.payerKind(), end.from(),
                    periodId, kpj, end.last());
        }
    }

    /**
     * Number of rows in each state; every state is present, with 0 when the file has none. For a file
     * the retention job purged, the counts it kept on the file ({@link Retention}).
     */
    public Map<RowState, Integer> rowCounts(long fileId) {
        return jdbc.call("count rows", c -> {
            Optional<Map<RowState, Integer>> kept = Retention.keptCounts(c, fileId);
            if (kept.isPresent()) {
                return kept.get();
            }
            Map<RowState, Integer> counts = Retention.countRows(c, fileId);
            // A purge sets purged_at before deleting a row: if the count above missed any row, the file
            // reads as purged now, and its kept counts are the true ones.
            return Retention.keptCounts(c, fileId).orElse(counts);
        });
    }

    /** Rows recorded for the agency's files received at or after {@code since}, whatever their state. */
    public long rowsReceivedSince(String agencyId, Instant since) {
        return jdbc.call("count the agency's recent rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_row r JOIN agency_file f"
                    + " ON f.id = r.file_id WHERE f.agency_id = ? AND f.received_at >= ?")) {
                ps.setString(1, agencyId);
                DbTime.set(ps, 2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * The file's rows that enrolled a worker again after their cover had ended (re-enrollments), with the
     * first month of the period each opened: an ENROLLED row that opened a period for a worker first
     * enrolled by another row. For the reports, which say so on the row's line.
     */
    public Map<Integer, YearMonth> reenrolments(long fileId) {
        return jdbc.call("read the file's re-enrollments", c -> {
            Map<Integer, YearMonth> found = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.row_no, p.first_month FROM file_row r"
                    + " JOIN worker w ON w.nik_hash = r.nik_hash"
                    + " JOIN coverage_period p ON p.nik_hash = r.nik_hash"
                    + " AND p.opened_by = CONCAT('file:', CAST(r.file_id AS VARCHAR(20)), '/row:',"
                    + " CAST(r.row_no AS VARCHAR(11)))"
                    + " WHERE r.file_id = ? AND r.state = 'ENROLLED'"
                    + " AND NOT (w.file_id = r.file_id AND w.row_no = r.row_no)")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getInt(1), YearMonth.parse(rs.getString(2)));
                    }
                }
            }
            return found;
        });
    }

    /** The agency's rows not finished yet: waiting for BPJS (PENDING) or for an operator (PARKED). */
    public long openRows(String agencyId) {
        return jdbc.call("count the agency's open rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_row r JOIN agency_file f"
                    + " ON f.id = r.file_id WHERE f.agency_id = ? AND r.state IN ('PENDING', 'PARKED')")) {
                ps.setString(1, agencyId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The broker has the file's jobs through {@code lastRow}; the mark never moves back. */
    public void markQueued(long fileId, int lastRow) {
        jdbc.call("mark rows queued", c -> update(c, "UPDATE agency_file SET queued_through_row = ?"
                + " WHERE id = ? AND (queued_through_row IS NULL OR queued_through_row < ?)", lastRow, fileId, lastRow));
    }

    /**
     * Which rows of a file the ledger already holds, and in what state: for resuming an intake. A pending
     * row counts as pending (to be sent again) only past the file's queued mark: the job of a row before
     * it is on the broker, and sending it again would cost BPJS a request for nothing.
     */
    public ExistingRows existingRows(long fileId) {
        return jdbc.call("read row states", c -> {
            ExistingRows rows = new ExistingRows(new BitSet(), new BitSet(), new BitSet());
            int queuedThrough = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT queued_through_row FROM agency_file WHERE id = ?")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        queuedThrough = rs.getInt(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT row_no, state FROM file_row WHERE file_id = ?")) {
                ps.setLong(1, fileId);
                ps.setFetchSize(STREAM_FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int row = rs.getInt(1);
                        RowState state = RowState.valueOf(rs.getString(2));
                        rows.present().set(row);
                        if (state == RowState.PENDING && row > queuedThrough) {
                            rows.pending().set(row);
                        } else if (state == RowState.REJECTED) {
                            rows.rejected().set(row);
                        }
                    }
                }
            }
            return rows;
        });
    }

    /**
     * The job item a change row was stored with at intake (file_row.change_json, decrypted), for a
     * resumed intake that sends the row again; null when the row has none (an enrollment row).
     */
    public String storedChange(long fileId, int rowNo) {
        return jdbc.call("read stored change item", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT change_json FROM file_row WHERE file_id = ? AND row_no = ?")) {
                ps.setLong(1, fileId);
                ps.setInt(2, rowNo);
                try (ResultSet rs = ps.executeQuery()) {
                    String stored = rs.next() ? rs.getString(1) : null;
                    return stored == null ? null : pii.decryptText(stored, CipherContext.rowChange(fileId, rowNo));
                }
            }
        });
    }

    /**
     * Hands every row of the file to {@code action} in row order, reading {@value #STREAM_FETCH_SIZE}
     * at a time: a file of a million rows is never held in memory. The PostgreSQL driver only uses a
     * cursor inside a transaction, hence the read-only transaction around the query.
     */
    public void forEachRow(long fileId, Consumer<LedgerRow> action) {
        jdbc.inTransaction("read rows of file " + fileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM file_row WHERE file_id = ? ORDER BY row_no",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(STREAM_FETCH_SIZE);
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(readRow(rs));
                    }
                }
            }
            return null;
        });
    }

    /** Parked rows, of one file or of all when {@code fileIdOrNull} is null, oldest file first. */
    public List<LedgerRow> parkedRows(Long fileIdOrNull, int limit) {
        String where = fileIdOrNull == null ? "" : " AND file_id = ?";
        return jdbc.call("list parked rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM file_row"
                    + " WHERE state = 'PARKED'" + where + " ORDER BY file_id, row_no LIMIT ?")) {
                int i = 1;
                if (fileIdOrNull != null) {
                    ps.setLong(i++, fileIdOrNull);
                }
                ps.setInt(i, Math.max(0, limit));
                List<LedgerRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(readRow(rs));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Puts the file's parked rows back to PENDING for a replay and returns how many. A file that was
     * REPORTING or DONE goes back to PROCESSING, so that {@link #tryStartReporting} fires again once the
     * replayed rows are decided. A purged file has no rows left to replay: 0.
     */
    public int resetParkedToPending(long fileId) {
        Instant now = clock.instant();
        return jdbc.inTransaction("reset parked rows of file " + fileId, c -> {
            // The file first, as the retention job locks it: the two never wait on each other's rows,
            // and rows the job has purged (or is purging) are not replayed.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT purged_at FROM agency_file WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || DbTime.get(rs, "purged_at") != null) {
                        return 0;
                    }
                }
            }
            int n;
            // Replayed rows hold their NIKs again, except a NIK another row has sent meanwhile: that row
            // goes too, and the outcome check keeps one worker whichever BPJS answers first.
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = 'PENDING', updated_at = ?,"
                    + " live_nik_hash = CASE WHEN EXISTS (SELECT 1 FROM file_row o WHERE o.live_nik_hash = file_row.nik_hash)"
                    + " THEN NULL ELSE nik_hash END"
                    // Enrollment rows only: change rows go back by ChangeLedger.startReplay, after their checks.
                    + " WHERE file_id = ? AND state = 'PARKED' AND action IS NULL")) {
                DbTime.set(ps, 1, now);
                ps.setLong(2, fileId);
                n = ps.executeUpdate();
            }
            if (n > 0) {
                update(c, "UPDATE agency_file SET state = 'PROCESSING' WHERE id = ? AND state IN ('REPORTING', 'DONE')",
                        fileId);
            }
            return n;
        });
    }

    // ---------------------------------------------------------------- workers

    /**
     * Where each given NIK stands: an enrolled worker, or a row still on its way to BPJS (PENDING); NIKs
     * the ledger does not hold are absent from the map. A NIK that is both (a row sent
     * again for an enrolled worker, from before this check) reads as enrolled. A worker with no open
     * period of cover reads as {@link NikStanding.CoverEnded} (a row for them is a re-enrollment, or
     * refused when they died), unless a row of theirs is on its way: then in flight.
     */
    public Map<String, NikStanding> standingOf(Collection<String> niks) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(niks));
        distinct.removeIf(Objects::isNull);
        Map<String, NikStanding> found = new HashMap<>();
        if (distinct.isEmpty()) {
            return found;
        }
        // Looked up by keyed hash; the hash is mapped back to the caller's NIK, nothing is decrypted.
        Map<String, String> nikByHash = new HashMap<>();
        for (String nik : distinct) {
            nikByHash.put(pii.hash(nik), nik);
        }
        List<String> hashes = new ArrayList<>(nikByHash.keySet());
        jdbc.call("look up NIKs enrolled or in flight", c -> {
            for (int from = 0; from < hashes.size(); from += IN_CHUNK) {
                List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + IN_CHUNK));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                putInFlight(c, chunk, marks, nikByHash, found);
                Map<String, NikStanding.Enrolled> workers = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT nik_hash, kpj, name, birth_hash FROM worker WHERE nik_hash IN (" + marks + ")")) {
                    setAll(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            workers.put(rs.getString(1),
                                    new NikStanding.Enrolled(rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                    }
                }
                Map<String, NikStanding.CoverEnded> ended = coverEnded(c, workers);
                for (Map.Entry<String, NikStanding.Enrolled> w : workers.entrySet()) {
                    String nik = nikByHash.get(w.getKey());
                    NikStanding.CoverEnded gone = ended.get(w.getKey());
                    if (gone == null || gone.reason() == EndReason.DIED) {
                        found.put(nik, gone == null ? w.getValue() : gone);
                    } else if (!(found.get(nik) instanceof NikStanding.InFlight)) {
                        // A worker whose cover ended may come back, but one row at a time: a row of the NIK
                        // on its way (a re-enrollment, a change) is answered IN_PROGRESS, as for a newcomer.
                        found.put(nik, gone);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /**
     * Of the given workers (by NIK hash), those with no open period of cover, as {@link NikStanding.CoverEnded}:
     * the reason and last month of the period ended DIED if any (a death ends every period), else of the
     * latest. A worker with no period at all (before the V14 backfill ran) stays enrolled.
     */
    private static Map<String, NikStanding.CoverEnded> coverEnded(Connection c, Map<String, NikStanding.Enrolled> workers)
            throws SQLException {
        Map<String, NikStanding.CoverEnded> ended = new HashMap<>();
        if (workers.isEmpty()) {
            return ended;
        }
        List<String> hashes = new ArrayList<>(workers.keySet());
        Map<String, Boolean> open = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT nik_hash, open_nik_hash, end_reason, last_month"
                + " FROM coverage_period WHERE nik_hash IN (" + String.join(", ", Collections.nCopies(hashes.size(), "?"))
                + ") ORDER BY id")) {
            setAll(ps, hashes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String hash = rs.getString(1);
                    if (rs.getString(2) != null) {
                        open.put(hash, true);
                        continue;
                    }
                    open.putIfAbsent(hash, false);
                    EndReason reason = EndReason.valueOf(rs.getString(3));
                    NikStanding.CoverEnded before = ended.get(hash);
                    if (before != null && before.reason() == EndReason.DIED) {
                        continue;
                    }
                    NikStanding.Enrolled w = workers.get(hash);
                    ended.put(hash, new NikStanding.CoverEnded(w.kpj(), w.name(), w.birthHash(), reason,
                            YearMonth.parse(rs.getString(4))));
                }
            }
        }
        ended.keySet().removeIf(hash -> open.getOrDefault(hash, false));
        return ended;
    }

    /** The NIKs of {@code chunk} (keyed hashes) that a row on its way to BPJS holds, put in {@code found}. */
    private static void putInFlight(Connection c, List<String> chunk, String marks, Map<String, String> nikByHash,
                                    Map<String, ? super NikStanding.InFlight> found) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.live_nik_hash, r.file_id, r.row_no, f.file_name"
                + " FROM file_row r JOIN agency_file f ON f.id = r.file_id"
                + " WHERE r.live_nik_hash IN (" + marks + ")")) {
            setAll(ps, chunk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(nikByHash.get(rs.getString(1)),
                            new NikStanding.InFlight(rs.getLong(2), rs.getString(4), rs.getInt(3)));
                }
            }
        }
    }

    /**
     * The NIKs among {@code niks} that a PENDING row of some file holds (on its way to BPJS), whatever the
     * worker's standing: a change row for an enrolled worker must not be sent while another row of the
     * same NIK is, which {@link #standingOf} (enrolled first) does not say.
     */
    public Map<String, NikStanding.InFlight> inFlightOf(Collection<String> niks) {
        Map<String, String> nikByHash = new HashMap<>();
        for (String nik : new LinkedHashSet<>(niks)) {
            if (nik != null) {
                nikByHash.put(pii.hash(nik), nik);
            }
        }
        Map<String, NikStanding.InFlight> found = new HashMap<>();
        if (nikByHash.isEmpty()) {
            return found;
        }
        List<String> hashes = new ArrayList<>(nikByHash.keySet());
        jdbc.call("look up NIKs in flight", c -> {
            for (int from = 0; from < hashes.size(); from += IN_CHUNK) {
                List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + IN_CHUNK));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                putInFlight(c, chunk, marks, nikByHash, found);
            }
            return null;
        });
        return found;
    }

    /**
     * The agency covering each given NIK now (its open coverage period's), for the NIKs that have one:
     * one keyed-hash lookup per chunk, nothing decrypted, so a re-upload of a whole list of enrolled
     * workers costs no query per row.
     */
    public Map<String, String> coveringAgencies(Collection<String> niks) {
        Map<String, String> nikByHash = new HashMap<>();
        for (String nik : new LinkedHashSet<>(niks)) {
            if (nik != null) {
                nikByHash.put(pii.hash(nik), nik);
            }
        }
        Map<String, String> found = new HashMap<>();
        if (nikByHash.isEmpty()) {
            return found;
        }
        List<String> hashes = new ArrayList<>(nikByHash.keySet());
        jdbc.call("look up the agencies covering NIKs", c -> {
            for (int from = 0; from < hashes.size(); from += IN_CHUNK) {
                List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + IN_CHUNK));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT open_nik_hash, agency_id FROM coverage_period"
                        + " WHERE open_nik_hash IN (" + marks + ")")) {
                    setAll(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(nikByHash.get(rs.getString(1)), rs.getString(2));
                        }
                    }
                }
            }
            return null;
        });
        return found;
    }

    private static void setAll(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    public Optional<WorkerEnrollment> findWorkerByNik(String nik) {
        return nik == null ? Optional.empty() : findWorker("nik_hash", pii.hash(nik));
    }

    public Optional<WorkerEnrollment> findWorkerByKpj(String kpj) {
        return findWorker("kpj", kpj);
    }

    private Optional<WorkerEnrollment> findWorker(String column, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return jdbc.call("find worker", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + WORKER_COLUMNS + " FROM worker WHERE "
                    + column + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    // Bound to the file row that enrolled the worker (CipherContext.rowNik).
                    String nik = pii.decrypt(rs.getString("nik_enc"),
                            CipherContext.rowNik(rs.getLong("file_id"), rs.getInt("row_no")));
                    return Optional.of(new WorkerEnrollment(nik, rs.getString("kpj"),
                            rs.getString("name"), rs.getString("agency_id"), rs.getString("district"),
                            rs.getLong("file_id"), rs.getInt("row_no"), DbTime.get(rs, "enrolled_at")));
                }
            }
        });
    }

    // ---------------------------------------------------------------- claims

    /** True once the claim's publication to finance has been recorded. */
    public boolean isClaimPublished(String claimId) {
        return jdbc.call("read claim publication", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM claim WHERE claim_id = ? AND published_at IS NOT NULL")) {
                ps.setString(1, claimId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public Optional<ClaimRecord> claim(String claimId) {
        return jdbc.call("read claim", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CLAIM_COLUMNS
                    + " FROM claim WHERE claim_id = ?")) {
                ps.setString(1, claimId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readClaim(rs)) : Optional.empty();
                }
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static Optional<FileState> stateOf(Connection c, long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM agency_file WHERE id = ?")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(FileState.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static void requireStateIn(Connection c, long fileId, String operation, FileState... allowed)
            throws SQLException {
        FileState state = stateOf(c, fileId).orElseThrow(() -> noSuchFile(fileId));
        for (FileState s : allowed) {
            if (s == state) {
                return;
            }
        }
        throw new IllegalStateException("cannot " + operation + ": file " + fileId + " is " + state);
    }

    private static LedgerException noSuchFile(long fileId) {
        return new LedgerException("no file " + fileId + " in the ledger");
    }

    /** At most {@code max} chars, the last an ellipsis when cut; never half a surrogate pair. */
    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }

    static FileInfo readFile(ResultSet rs) throws SQLException {
        return new FileInfo(rs.getLong("id"), rs.getString("agency_id"), rs.getString("file_name"),
                rs.getString("checksum"), FileState.valueOf(rs.getString("state")),
                rs.getObject("total_rows", Integer.class), rs.getObject("rejected_rows", Integer.class),
                DbTime.get(rs, "received_at"), DbTime.get(rs, "reported_at"), rs.getString("error"),
                DbTime.get(rs, "purged_at"));
    }

    private LedgerRow readRow(ResultSet rs) throws SQLException {
        long fileId = rs.getLong("file_id");
        int rowNo = rs.getInt("row_no");
        return new LedgerRow(fileId, rowNo, pii.decrypt(rs.getString("nik_enc"), CipherContext.rowNik(fileId, rowNo)),
                rs.getString("name"),
                RowState.valueOf(rs.getString("state")), RejectionsJson.read(rs.getString("reasons")),
                rs.getString("idempotency_key"), rs.getString("kpj"), rs.getString("last_error"), null, null,
                actionOf(rs.getString("action")), null);
    }

    /** file_row.action as stored: NULL is DAFTAR. */
    private static ChangeAction actionOf(String stored) {
        return stored == null ? ChangeAction.DAFTAR : ChangeAction.valueOf(stored);
    }

    private ClaimRecord readClaim(ResultSet rs) throws SQLException {
        String claimId = rs.getString("claim_id");
        return new ClaimRecord(claimId, rs.getString("claim_type"), rs.getString("kpj"),
                pii.decrypt(rs.getString("nik_enc"), CipherContext.claimNik(claimId)), rs.getLong("amount"),
                rs.getString("agency_id"), DbTime.get(rs, "received_at"),
                pii.decryptText(rs.getString("payload"), CipherContext.claimPayload(claimId)));
    }
}
