package id.jamsos.gateway.ledger;

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

    private final Jdbc jdbc;
    private final PersonalDataCipher pii;
    private final Clock clock;

    public BudgetLedger(DataSource dataSource, PersonalDataCipher pii, Clock clock) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
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
        return jdbc.call("count enrollments pending or waitlisted", c -> {
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
        });
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
        return setState(rows, RowState.WAITLISTED, RowState.PENDING, "release waitlisted rows");
    }

    /** Puts released rows whose jobs the broker did not take back on the waitlist, in their place. */
    public List<RowKey> backToWaitlist(List<RowKey> rows) {
        return setState(rows, RowState.PENDING, RowState.WAITLISTED, "put rows back on the waitlist");
    }

    private List<RowKey> setState(List<RowKey> rows, RowState from, RowState to, String what) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return jdbc.inTransaction(what, c -> {
            List<RowKey> changed = new ArrayList<>();
            Set<Long> files = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE file_row SET state = ?, updated_at = ?"
                    + " WHERE file_id = ? AND row_no = ? AND state = ?")) {
                for (RowKey k : rows) {
                    ps.setString(1, to.name());
                    DbTime.set(ps, 2, now);
                    ps.setLong(3, k.fileId());
                    ps.setInt(4, k.rowNo());
                    ps.setString(5, from.name());
                    if (ps.executeUpdate() == 1) {
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
        Instant now = clock.instant();
        return jdbc.inTransaction("renew programme " + from + " to " + to, c -> {
            List<String[]> open = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kpj, nik_hash, agency_id FROM coverage_period"
                    + " WHERE last_month IS NULL AND first_month <= ? ORDER BY id")) {
                ps.setString(1, lastMonth.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        open.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            int ended = 0;
            for (String[] p : open) {
                boolean asked = confirmed != null && (confirmingAgency == null || confirmingAgency.equals(p[2]));
                if (asked && !confirmed.test(p[1])) {
                    CoverageLedger.endOpen(c, p[0], lastMonth, EndReason.BUDGET_ENDED, "budget:" + from, now);
                    ended++;
                }
            }
            int carried = open.size() - ended;
            insertRenewal(c, from, to, lastMonth, carried, ended, confirmedBy, now, by);
            return new Renewal(from, to, lastMonth, carried, ended, confirmedBy, now);
        });
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
