package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The periods of cover of the city's workers (coverage_period, V14): who is covered in which month,
 * under which agency, and why a period ended. An enrollment opens a period
 * ({@link Ledger#recordOutcomes}); a paid JKM claim, an agency's change file, a lapse or the end of
 * the budget end it; a handover to another agency ends one and opens the next. Statements, the budget
 * plan, the status page and the {@code coverage} command read them.
 *
 * <p>Months are read in the city's zone ({@code jamsos.finance.zone}): an enrollment at 00:30 WIT on
 * 1 April is April's, though it is still 31 March in UTC.
 */
public final class CoverageLedger {

    /** The default of jamsos.finance.zone: Sorong keeps Eastern Indonesia Time (WIT, UTC+9). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Jayapura");

    static final String PERIOD_COLUMNS = "id, kpj, agency_id, funding_source, first_month, last_month, end_reason,"
            + " opened_at, opened_by, ended_at, ended_by";
    private static final int BATCH = 1_000;
    static final String BACKFILL_TASK = "coverage-backfill";

    private final Jdbc jdbc;
    private final Clock clock;
    private final ZoneId zone;

    public CoverageLedger(DataSource dataSource, Clock clock, ZoneId zone) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The month an instant falls in, in the city's zone. */
    public YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(zone));
    }

    /** This month, in the city's zone. */
    public YearMonth thisMonth() {
        return monthOf(clock.instant());
    }

    // ---------------------------------------------------------------- opening

    /**
     * Opens a period for every worker that has none: the workers enrolled before coverage periods
     * existed (V14), from the month they were enrolled. A worker whose death benefit (JKM) was already
     * paid and routed to finance gets a period ended DIED with the month the claim was received: the
     * upgrade must not start billing the city again for them. Run at start by the gateway and the
     * operator commands, once per ledger (ledger_task {@value #BACKFILL_TASK}): every worker enrolled
     * since gets their period in the transaction that creates them, so nobody can lack one afterwards.
     *
     * @return how many periods were opened (0 once done)
     */
    public int openMissing() {
        Instant now = clock.instant();
        return jdbc.inTransaction("open missing coverage periods", c -> {
            if (taskDone(c, BACKFILL_TASK)) {
                return 0;
            }
            int opened = 0;
            // A second process starting at the same time backfills too; the NOT EXISTS (and, while
            // the first has not committed, the unique open_nik_hash) make it open nothing twice, not
            // even for a worker whose backfilled period the first already ended.
            try (PreparedStatement read = c.prepareStatement("SELECT w.nik_hash, w.kpj, w.agency_id, w.enrolled_at"
                    + " FROM worker w WHERE w.nik_hash IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM coverage_period p WHERE p.nik_hash = w.nik_hash)"
                    + " ORDER BY w.nik_hash",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO coverage_period (nik_hash, kpj, agency_id,"
                         + " first_month, opened_at, opened_by, open_nik_hash) SELECT ?, ?, ?, ?, ?, 'backfill', ?"
                         + " WHERE NOT EXISTS (SELECT 1 FROM coverage_period WHERE nik_hash = ?)"
                         + " ON CONFLICT DO NOTHING")) {
                read.setFetchSize(BATCH);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        String nikHash = rs.getString(1);
                        insert.setString(1, nikHash);
                        insert.setString(2, rs.getString(2));
                        insert.setString(3, rs.getString(3));
                        insert.setString(4, monthOf(DbTime.get(rs, 4)).toString());
                        DbTime.set(insert, 5, now);
                        insert.setString(6, nikHash);
                        insert.setString(7, nikHash);
                        insert.addBatch();
                        if (++opened % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                }
                if (opened % BATCH != 0) {
                    insert.executeBatch();
                }
            }
            endForPaidDeaths(c, now);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_task (name, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, BACKFILL_TASK);
                DbTime.set(ps, 2, now);
                ps.executeUpdate();
            }
            return opened;
        });
    }

    /** The backfilled periods of workers whose JKM claim finance was already sent end with its month. */
    private void endForPaidDeaths(Connection c, Instant now) throws SQLException {
        List<String[]> deaths = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.kpj, c.claim_id, c.received_at FROM claim c"
                + " JOIN coverage_period p ON p.kpj = c.kpj AND p.opened_by = 'backfill' AND p.open_nik_hash IS NOT NULL"
                + " WHERE c.claim_type = 'JKM' AND c.destination = 'finance' ORDER BY c.received_at")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deaths.add(new String[] {rs.getString(1), rs.getString(2),
                            monthOf(DbTime.get(rs, 3)).toString()});
                }
            }
        }
        for (String[] d : deaths) {
            endOpen(c, d[0], YearMonth.parse(d[2]), EndReason.DIED, "claim:" + d[1], now);
        }
    }

    /** True when ledger_task holds {@code task} (a one-off or a round's mark, e.g. "payer-round:2026-06"). */
    public boolean taskDone(String task) {
        return jdbc.call("read a ledger task", c -> taskDone(c, task));
    }

    /** Marks {@code task} done now (once: a second mark changes nothing). */
    public void markTask(String task) {
        Instant now = clock.instant();
        jdbc.inTransaction("mark a ledger task", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_task (name, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, task);
                DbTime.set(ps, 2, now);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A small value kept in ledger_task under {@code prefix} (the table has a name and a time only: the value is
     * the rest of the name, e.g. "other-payer-held:payer-check=412"); null removes it.
     */
    public void putTaskValue(String prefix, String valueOrNull) {
        Instant now = clock.instant();
        jdbc.inTransaction("keep a ledger task value", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_task WHERE name LIKE ?")) {
                ps.setString(1, prefix + "%");
                ps.executeUpdate();
            }
            if (valueOrNull != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_task (name, done_at) VALUES (?, ?)")) {
                    ps.setString(1, prefix + valueOrNull);
                    DbTime.set(ps, 2, now);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The value {@link #putTaskValue} kept under {@code prefix}, or null. */
    public String taskValue(String prefix) {
        return jdbc.call("read a ledger task value", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM ledger_task WHERE name LIKE ? ORDER BY name")) {
                ps.setString(1, prefix + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1).substring(prefix.length()) : null;
                }
            }
        });
    }

    private static boolean taskDone(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger_task WHERE name = ?")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Inside the transaction that created these workers ({@link Ledger#recordOutcomes}): one open period
     * each, from {@code month}, opened by their file row. A worker who already has an open period keeps
     * it (the insert does nothing).
     */
    static void openForNewWorkers(Connection c, List<RowOutcome> enrolled, YearMonth month, Instant now,
            Map<RowKey, PeriodFunding.Funding> funding) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO coverage_period (nik_hash, kpj, agency_id,"
                + " first_month, opened_at, opened_by, open_nik_hash, funding_source, funding_account)"
                + " SELECT w.nik_hash, w.kpj, w.agency_id, ?, ?, ?, w.nik_hash, ?, ? FROM worker w"
                + " WHERE w.file_id = ? AND w.row_no = ? AND w.nik_hash IS NOT NULL ON CONFLICT DO NOTHING")) {
            for (RowOutcome o : enrolled) {
                PeriodFunding.Funding f = funding.get(RowKey.of(o));
                ps.setString(1, month.toString());
                DbTime.set(ps, 2, now);
                ps.setString(3, rowSource(o.fileId(), o.rowNo()));
                ps.setString(4, f == null ? null : f.source());
                ps.setString(5, f == null ? null : f.account());
                ps.setLong(6, o.fileId());
                ps.setInt(7, o.rowNo());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** How a file row is named as the source of a change: {@code file:12/row:4}. */
    public static String rowSource(long fileId, int rowNo) {
        return "file:" + fileId + "/row:" + rowNo;
    }

    // ---------------------------------------------------------------- ending

    /** What came of ending a worker's cover. */
    public enum EndOutcome {
        /** The open period was ended now. */
        ENDED,
        /** The worker had no open period (never covered here, or ended before): nothing changed. */
        NOT_COVERED
    }

    /** @param period the period as it is now: the one ended, or the worker's latest when NOT_COVERED (may be null) */
    public record Ended(EndOutcome outcome, CoveragePeriod period) {
    }

    /**
     * Ends the worker's open period with {@code lastMonth} (inclusive) and the reason; {@code endedBy}
     * names what ended it (claim:&lt;id&gt;, file:&lt;id&gt;/row:&lt;n&gt;, command, ...). A worker without an
     * open period is left as is: ending twice ends once, and the first reason stays.
     */
    public Ended end(String kpj, YearMonth lastMonth, EndReason reason, String endedBy) {
        Instant now = clock.instant();
        return jdbc.inTransaction("end coverage", c -> endOpen(c, kpj, lastMonth, reason, endedBy, now));
    }

    /**
     * {@link #end} inside a caller's transaction (a paid JKM claim ends cover where it is recorded).
     * The worker's row is locked first: ends and handovers of one worker run one after the other, so
     * a death recorded while a handover opens the next period ends that period, not nothing.
     *
     * <p>A death ends cover whatever ended it before: periods that cover a month after the death
     * (a handover's next period, an end planned for later) are cut back to the month of death, with
     * DIED as their reason, and finance is told again. Any other reason leaves an ended period as it is.
     */
    static Ended endOpen(Connection c, String kpj, YearMonth lastMonth, EndReason reason, String endedBy, Instant now)
            throws SQLException {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastMonth, "lastMonth");
        lockWorker(c, kpj);
        int ended;
        try (PreparedStatement ps = c.prepareStatement("UPDATE coverage_period SET last_month = ?, end_reason = ?,"
                + " ended_at = ?, ended_by = ?, open_nik_hash = NULL WHERE kpj = ? AND open_nik_hash IS NOT NULL")) {
            ps.setString(1, lastMonth.toString());
            ps.setString(2, reason.name());
            DbTime.set(ps, 3, now);
            ps.setString(4, truncate(endedBy));
            ps.setString(5, kpj);
            ended = ps.executeUpdate();
        }
        if (reason == EndReason.DIED) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE coverage_period SET last_month = ?, end_reason = ?,"
                    + " ended_at = ?, ended_by = ?, announced_at = NULL WHERE kpj = ? AND last_month > ?")) {
                ps.setString(1, lastMonth.toString());
                ps.setString(2, reason.name());
                DbTime.set(ps, 3, now);
                ps.setString(4, truncate(endedBy));
                ps.setString(5, kpj);
                ps.setString(6, lastMonth.toString());
                ended += ps.executeUpdate();
            }
        }
        return new Ended(ended > 0 ? EndOutcome.ENDED : EndOutcome.NOT_COVERED, latest(c, kpj).orElse(null));
    }

    /** Locks the worker's row until the transaction ends (nothing when no worker has this KPJ). */
    private static void lockWorker(Connection c, String kpj) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kpj FROM worker WHERE kpj = ? FOR UPDATE")) {
            ps.setString(1, kpj);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** The result of a handover: the period ended (TRANSFERRED) and the one opened at the other agency. */
    public record Transfer(CoveragePeriod ended, CoveragePeriod opened) {
    }

    /**
     * Hands a covered worker to another agency from {@code fromMonth}: their open period ends with the
     * month before (TRANSFERRED) and a new one opens at {@code toAgencyId}, which the worker's record
     * then names; one transaction, so no month is covered twice or not at all. Empty when the worker has
     * no open period.
     */
    public Optional<Transfer> transfer(String kpj, String toAgencyId, YearMonth fromMonth, String by) {
        Instant now = clock.instant();
        return jdbc.inTransaction("transfer coverage", c -> transferOpen(c, kpj, toAgencyId, fromMonth, by, now));
    }

    /** {@link #transfer} inside a caller's transaction (an agency's change file hands workers over). */
    static Optional<Transfer> transferOpen(Connection c, String kpj, String toAgencyId, YearMonth fromMonth, String by,
                                           Instant now) throws SQLException {
        Ended ended = endOpen(c, kpj, fromMonth.minusMonths(1), EndReason.TRANSFERRED, by, now);
        if (ended.outcome() != EndOutcome.ENDED) {
            return Optional.<Transfer>empty();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO coverage_period (nik_hash, kpj, agency_id,"
                + " first_month, opened_at, opened_by, open_nik_hash) SELECT nik_hash, kpj, ?, ?, ?, ?, nik_hash"
                + " FROM coverage_period WHERE id = ?")) {
            ps.setString(1, toAgencyId);
            ps.setString(2, fromMonth.toString());
            DbTime.set(ps, 3, now);
            ps.setString(4, truncate(by));
            ps.setLong(5, ended.period().id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE worker SET agency_id = ? WHERE kpj = ?")) {
            ps.setString(1, toAgencyId);
            ps.setString(2, kpj);
            ps.executeUpdate();
        }
        return Optional.of(new Transfer(ended.period(), latest(c, kpj).orElseThrow()));
    }

    // ---------------------------------------------------------------- reading

    /** Every period of the worker with this KPJ, oldest first. */
    public List<CoveragePeriod> periods(String kpj) {
        return jdbc.call("read coverage periods", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PERIOD_COLUMNS
                    + " FROM coverage_period WHERE kpj = ? ORDER BY id")) {
                ps.setString(1, kpj);
                return read(ps);
            }
        });
    }

    /** The worker's open period, if they are covered now. */
    public Optional<CoveragePeriod> openPeriod(String kpj) {
        return periods(kpj).stream().filter(CoveragePeriod::open).findFirst();
    }

    /** Workers covered in {@code month}, of one agency or of all ({@code agencyIdOrNull} null). */
    public long coveredIn(YearMonth month, String agencyIdOrNull) {
        return jdbc.call("count covered workers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM coverage_period WHERE first_month <= ?"
                    + " AND (last_month IS NULL OR last_month >= ?)"
                    + (agencyIdOrNull == null ? "" : " AND agency_id = ?"))) {
                ps.setString(1, month.toString());
                ps.setString(2, month.toString());
                if (agencyIdOrNull != null) {
                    ps.setString(3, agencyIdOrNull);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** An open period of cover, as the lapse check pages through them: which KPJ to ask BPJS about. */
    public record OpenCover(long periodId, String kpj, YearMonth firstMonth) {
    }

    /**
     * One page of the open periods that began by {@code until}, after period id {@code afterId}, by id:
     * the lapse check asks BPJS about these workers a page at a time (19,336 workers are never read at
     * once). Keyset paging on the primary key, so a period ended between two pages moves nothing.
     */
    public List<OpenCover> openBeganBy(YearMonth until, long afterId, int limit) {
        return jdbc.call("read a page of open coverage periods", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, kpj, first_month FROM coverage_period"
                    + " WHERE open_nik_hash IS NOT NULL AND first_month <= ? AND id > ? ORDER BY id")) {
                ps.setString(1, until.toString());
                ps.setLong(2, afterId);
                ps.setMaxRows(Math.max(1, limit));
                List<OpenCover> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OpenCover(rs.getLong(1), rs.getString(2), YearMonth.parse(rs.getString(3))));
                    }
                }
                return out;
            }
        });
    }

    /** Ended periods finance has not been told about, oldest first (the COVERAGE_ENDED publisher). */
    public List<CoveragePeriod> unannounced(int limit) {
        return jdbc.call("read unannounced coverage ends", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PERIOD_COLUMNS + " FROM coverage_period"
                    + " WHERE announced_at IS NULL AND ended_at IS NOT NULL ORDER BY ended_at, id")) {
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    /**
     * Finance was told that this period ended with {@code lastMonth}; nothing is marked when the period
     * has ended otherwise since (a death cut it back), so that end is told too.
     */
    public void markAnnounced(long periodId, YearMonth lastMonth, Instant at) {
        jdbc.inTransaction("mark a coverage end announced", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE coverage_period SET announced_at = ?"
                    + " WHERE id = ? AND last_month = ? AND announced_at IS NULL")) {
                DbTime.set(ps, 1, at);
                ps.setLong(2, periodId);
                ps.setString(3, lastMonth.toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Finance was told about these ended periods. */
    public void markAnnounced(List<Long> periodIds, Instant at) {
        jdbc.inTransaction("mark coverage ends announced", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE coverage_period SET announced_at = ? WHERE id = ? AND announced_at IS NULL")) {
                for (long id : periodIds) {
                    DbTime.set(ps, 1, at);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * The latest month a contribution statement was published for (statement_run, any scope), or empty:
     * finance has booked it and every month before, so a change that would reprice them (a KOREKSI of the
     * income from such a month) is refused. One index read (statement_run's key leads with the period).
     */
    public Optional<YearMonth> lastStatementMonth() {
        return jdbc.call("read last statement month", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(period) FROM statement_run");
                 ResultSet rs = ps.executeQuery()) {
                String period = rs.next() ? rs.getString(1) : null;
                return Optional.ofNullable(period).map(YearMonth::parse);
            }
        });
    }

    private static Optional<CoveragePeriod> latest(Connection c, String kpj) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PERIOD_COLUMNS
                + " FROM coverage_period WHERE kpj = ? ORDER BY id DESC")) {
            ps.setString(1, kpj);
            ps.setMaxRows(1);
            return read(ps).stream().findFirst();
        }
    }

    private static List<CoveragePeriod> read(PreparedStatement ps) throws SQLException {
        List<CoveragePeriod> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String last = rs.getString("last_month");
                String reason = rs.getString("end_reason");
                out.add(new CoveragePeriod(rs.getLong("id"), rs.getString("kpj"), rs.getString("agency_id"),
                        rs.getString("funding_source"), YearMonth.parse(rs.getString("first_month")),
                        last == null ? null : YearMonth.parse(last), reason == null ? null : EndReason.valueOf(reason),
                        DbTime.get(rs, "opened_at"), rs.getString("opened_by"), DbTime.get(rs, "ended_at"),
                        rs.getString("ended_by")));
            }
        }
        return out;
    }

    private static String truncate(String source) {
        return source == null || source.length() <= 128 ? source : source.substring(0, 128);
    }
}
