package id.jamsos.gateway.coverage;

import id.jamsos.gateway.finance.ContributionRules;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.IncomeInForce;
import id.jamsos.gateway.ledger.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Builds a {@link CoverageReport} from the ledger with GROUP BY queries: one query per month for the
 * workers covered (grouped with their income in force, to price the month as the statement does), one
 * over the range for periods started and one for periods ended by reason, and one per month for paid
 * claims; on PostgreSQL each counts every dimension at once (GROUPING SETS), on H2 (which has none)
 * each dimension has its own. The database returns groups, never workers: at a million workers the
 * report holds a few thousand figures, whatever the ledger's size (bench {@code coverage}).
 *
 * <p>The counts are the ledger's own definitions (BudgetLedger.coverageCounts, CoverageLedger.coveredIn):
 * a worker is active in a month their period covers (first_month &lt;= month &lt;= last_month); a
 * period started in its first month and ended in its last, unless it ended before its first month
 * (withdrawn before any month was due: no cover, neither started nor ended). A paid claim is one the
 * gateway sent to finance (claim.destination = 'finance'), counted in the month it was received in the
 * city's time zone. Money spent is the month's contributions (JKK at 1 % of the income in force within
 * its bounds, plus JKM) of the workers covered that month.
 */
public final class CoverageReportBuilder {

    /** A longer range is a question for several reports: 24 months is two programme years. */
    public static final int MAX_MONTHS = 24;

    /** The worker's decile on the live list; MIN in case an extract lists a NIK twice. */
    private static final String DECILE_JOIN = " LEFT JOIN (SELECT ee.nik_hash, MIN(ee.decile) AS decile"
            + " FROM eligibility_entry ee JOIN eligibility_list el ON el.id = ee.list_id WHERE el.live = 1"
            + " GROUP BY ee.nik_hash) d ON d.nik_hash = ";

    /**
     * The claims' deciles: as {@link #DECILE_JOIN}, over the NIKs of the month's paid claims only (two
     * parameters: the month's start and end). PostgreSQL 15 planned the whole-list aggregate on the inner
     * side of a nested loop and ran it once per claim: 132 s for one month's 1,116 claims at 200,000
     * workers; over the claimants' NIKs it is under a second (docs/performance.md "Issue 19").
     */
    private static final String CLAIMS_DECILE_JOIN = " LEFT JOIN (SELECT ee.nik_hash, MIN(ee.decile) AS decile"
            + " FROM eligibility_entry ee JOIN eligibility_list el ON el.id = ee.list_id WHERE el.live = 1"
            + " AND ee.nik_hash IN (SELECT cw.nik_hash FROM claim cc JOIN worker cw ON cw.kpj = cc.kpj"
            + " WHERE cc.destination = 'finance' AND cc.received_at >= ? AND cc.received_at < ?)"
            + " GROUP BY ee.nik_hash) d ON d.nik_hash = w.nik_hash";

    private final DataSource dataSource;
    private final Programme programme;
    private final long defaultIncome;
    private final ZoneId zone;
    private final Clock clock;
    private final Grouping grouping;

    /**
     * @param defaultIncome jamsos.defaultIncome: the income of a worker who declared none
     * @param zone          jamsos.finance.zone: the months of the claims
     */
    public CoverageReportBuilder(DataSource dataSource, Programme programme, long defaultIncome, ZoneId zone,
                                 Clock clock) {
        this.dataSource = dataSource;
        this.programme = programme;
        this.defaultIncome = defaultIncome;
        this.zone = zone;
        this.clock = clock;
        this.grouping = new Grouping(programme);
    }

    public Programme programme() {
        return programme;
    }

    /** The report of {@code from} to {@code to} (inclusive) by these dimensions, in this order. */
    public CoverageReport build(YearMonth from, YearMonth to, List<Dimension> dimensions) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
        }
        if (from.plusMonths(MAX_MONTHS - 1).isBefore(to)) {
            throw new IllegalArgumentException("at most " + MAX_MONTHS + " months in one report: " + from + " to " + to);
        }
        // The funding sources are always read: they are what the budget is compared with.
        LinkedHashSet<Dimension> read = new LinkedHashSet<>(dimensions);
        read.add(Dimension.FUNDING);
        Map<Dimension, CoverageReport.Table> tables = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            tables(c, List.copyOf(read), from, to).forEach((d, months) -> tables.put(d, new CoverageReport.Table(d, months)));
            CoverageReport.Budget budget = budget(c, tables.get(Dimension.FUNDING));
            // Every dimension partitions the workers: the totals are any one table's sums.
            CoverageReport.Table funding = tables.get(Dimension.FUNDING);
            Map<YearMonth, Figures> totals = new TreeMap<>();
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                Figures sum = new Figures();
                funding.months().getOrDefault(m, Map.of()).values().forEach(sum::add);
                totals.put(m, sum);
            }
            List<CoverageReport.Table> asked = new ArrayList<>();
            dimensions.forEach(d -> asked.add(tables.get(d)));
            return new CoverageReport(from, to, clock.instant(), List.copyOf(asked), totals, budget);
        } catch (SQLException e) {
            throw new LedgerException("build coverage report " + from + ".." + to, e);
        }
    }

    /**
     * Workers covered in any month of the range, per group of {@code d} (or in all when {@code d} is
     * null): COUNT(DISTINCT nik_hash), so a worker handed from one agency to another counts once. Not for
     * the age band (a worker's band changes within a range) nor the funding source or agency (a worker
     * paid by two in the range is in both groups, and the groups add up to more than the total).
     */
    public Map<String, Long> coveredDuring(YearMonth from, YearMonth to, Dimension d) {
        if (d == Dimension.AGE_BAND || d == Dimension.FUNDING || d == Dimension.AGENCY) {
            throw new IllegalArgumentException("workers covered during a range are not counted by " + d.key());
        }
        String keys = d == null ? "'" + Dimension.UNKNOWN + "'" : String.join(", ", d.sql());
        Map<String, Long> out = new TreeMap<>(Grouping.ORDER);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + keys
                + ", COUNT(DISTINCT p.nik_hash) FROM coverage_period p LEFT JOIN worker w ON w.kpj = p.kpj"
                + (d != null && d.needsDecile() ? DECILE_JOIN + "p.nik_hash" : "")
                + " WHERE p.first_month <= ? AND (p.last_month IS NULL OR p.last_month >= ?)"
                + " AND (p.last_month IS NULL OR p.last_month >= p.first_month)"
                + (d == null ? "" : " GROUP BY " + keys))) {
            ps.setString(1, to.toString());
            ps.setString(2, from.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String label = d == null ? "all" : grouping.label(d, rs.getObject(1), null, to.getYear());
                    out.merge(label, rs.getLong(d == null ? 2 : d.sql().size() + 1), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("count workers covered " + from + ".." + to, e);
        }
        return out;
    }

    /**
     * The tables of {@code dims}. On PostgreSQL every dimension is counted in the same pass (GROUPING
     * SETS: one scan per month for the active workers and the claims, one over the range for started and
     * for ended); H2 (2.4) has no GROUPING SETS, so there each dimension is its own pass, as before
     * (docs/performance.md "Issue 19").
     */
    private Map<Dimension, Map<YearMonth, Map<String, Figures>>> tables(Connection c, List<Dimension> dims,
                                                                         YearMonth from, YearMonth to)
            throws SQLException {
        Map<Dimension, Map<YearMonth, Map<String, Figures>>> out = new LinkedHashMap<>();
        for (Dimension d : dims) {
            Map<YearMonth, Map<String, Figures>> months = new TreeMap<>();
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                months.put(m, new HashMap<>());
            }
            out.put(d, months);
        }
        if (groupingSets(c)) {
            fill(c, new Pass(dims), from, to, out);
        } else {
            for (Dimension d : dims) {
                fill(c, new Pass(List.of(d)), from, to, out);
            }
        }
        return out;
    }

    /** GROUPING SETS where the database has them: PostgreSQL; not H2 2.4. */
    static boolean groupingSets(Connection c) throws SQLException {
        return "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
    }

    /**
     * The dimensions counted in one pass: the distinct expressions they group by, the GROUP BY (plain for
     * one dimension, GROUPING SETS for several) and, for several, which set a result row belongs to (the
     * GROUPING bit mask over the expressions: a bit for each expression the row's set does not group by).
     */
    private static final class Pass {
        final List<Dimension> dims;
        final List<String> exprs = new ArrayList<>();
        final Map<Integer, Dimension> byMask = new HashMap<>();

        Pass(List<Dimension> dims) {
            this.dims = dims;
            for (Dimension d : dims) {
                for (String e : d.sql()) {
                    if (!exprs.contains(e)) {
                        exprs.add(e);
                    }
                }
            }
            for (Dimension d : dims) {
                int mask = 0;
                for (int i = 0; i < exprs.size(); i++) {
                    if (!d.sql().contains(exprs.get(i))) {
                        mask |= 1 << (exprs.size() - 1 - i);
                    }
                }
                if (byMask.put(mask, d) != null) {
                    throw new IllegalStateException("two dimensions group by the same expressions: " + d);
                }
            }
        }

        boolean together() {
            return dims.size() > 1;
        }

        int width() {
            return exprs.size();
        }

        String select() {
            return String.join(", ", exprs);
        }

        /** ", GROUPING(...)" after the figures when several dimensions share the pass. */
        String grouping() {
            return together() ? ", GROUPING(" + select() + ")" : "";
        }

        /** GROUP BY {@code before} + the dimension's expressions + {@code after}, per dimension. */
        String groupBy(String before, String after) {
            List<String> sets = new ArrayList<>();
            for (Dimension d : dims) {
                List<String> cols = new ArrayList<>();
                if (!before.isEmpty()) {
                    cols.add(before);
                }
                cols.addAll(d.sql());
                if (!after.isEmpty()) {
                    cols.add(after);
                }
                sets.add(String.join(", ", cols));
            }
            return together() ? " GROUP BY GROUPING SETS ((" + String.join("), (", sets) + "))" : " GROUP BY " + sets.get(0);
        }

        boolean needsDecile() {
            return dims.stream().anyMatch(Dimension::needsDecile);
        }

        Dimension dimension(ResultSet rs, int groupingColumn) throws SQLException {
            if (!together()) {
                return dims.get(0);
            }
            Dimension d = byMask.get(rs.getInt(groupingColumn));
            if (d == null) {
                throw new IllegalStateException("a grouping set no dimension asked for: " + rs.getInt(groupingColumn));
            }
            return d;
        }

        /** The dimension's {@code j}th value in a row whose first expression is at {@code firstColumn}. */
        Object value(ResultSet rs, int firstColumn, Dimension d, int j) throws SQLException {
            return j < d.sql().size() ? rs.getObject(firstColumn + exprs.indexOf(d.sql().get(j))) : null;
        }
    }

    private void fill(Connection c, Pass pass, YearMonth from, YearMonth to,
                      Map<Dimension, Map<YearMonth, Map<String, Figures>>> out) throws SQLException {
        int n = pass.width();
        String decile = pass.needsDecile() ? DECILE_JOIN + "p.nik_hash" : "";
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            // Covered, with the income in force that month (IncomeInForce): priced as the statement prices it.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + pass.select() + ", " + IncomeInForce.INCOME
                    + " AS monthly_income, COUNT(*)" + pass.grouping()
                    + " FROM coverage_period p LEFT JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + IncomeInForce.JOIN + decile
                    + " WHERE p.first_month <= ? AND (p.last_month IS NULL OR p.last_month >= ?)"
                    + pass.groupBy("", IncomeInForce.INCOME))) {
                ps.setString(1, m.toString());
                ps.setString(2, m.toString());
                ps.setString(3, m.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Dimension d = pass.dimension(rs, n + 3);
                        long workers = rs.getLong(n + 2);
                        Long income = rs.getObject(n + 1, Long.class);
                        long perMonth = ContributionRules.jkk(income == null ? defaultIncome : income)
                                + ContributionRules.jkm();
                        figures(out, m, d, pass, rs, 1).addActive(workers, Math.multiplyExact(workers, perMonth));
                    }
                }
            }
            claims(c, pass, m, out);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT p.first_month, " + pass.select() + ", COUNT(*)"
                + pass.grouping() + " FROM coverage_period p LEFT JOIN worker w ON w.kpj = p.kpj" + decile
                + " WHERE p.first_month >= ? AND p.first_month <= ?"
                + " AND (p.last_month IS NULL OR p.last_month >= p.first_month)"
                + pass.groupBy("p.first_month", ""))) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Dimension d = pass.dimension(rs, n + 3);
                    figures(out, YearMonth.parse(rs.getString(1)), d, pass, rs, 2).addStarted(rs.getLong(n + 2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT p.last_month, p.end_reason, " + pass.select()
                + ", COUNT(*)" + pass.grouping() + " FROM coverage_period p LEFT JOIN worker w ON w.kpj = p.kpj"
                + decile + " WHERE p.last_month >= ? AND p.last_month <= ? AND p.last_month >= p.first_month"
                + pass.groupBy("p.last_month, p.end_reason", ""))) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Dimension d = pass.dimension(rs, n + 4);
                    figures(out, YearMonth.parse(rs.getString(1)), d, pass, rs, 3)
                            .addEnded(EndReason.valueOf(rs.getString(2)), rs.getLong(n + 3));
                }
            }
        }
    }

    /**
     * The month's paid claims, grouped as the workers are. The funding source and agency are the
     * period's that was the worker's latest to start by the claim's month: a JKM claim is paid after the
     * death that ended the period, so "the period covering the month" would often be none.
     */
    private void claims(Connection c, Pass pass, YearMonth m, Map<Dimension, Map<YearMonth, Map<String, Figures>>> out)
            throws SQLException {
        int n = pass.width();
        // The latest period is found for the month's claims first (a derived table over those few
        // claims, through the kpj index), then joined: a correlated MAX in the join condition made
        // PostgreSQL 15 run it once per period of the whole table (two minutes at a million workers).
        String paid = " c.destination = 'finance' AND c.received_at >= ? AND c.received_at < ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + pass.select() + ", COUNT(*), SUM(c.amount)"
                + pass.grouping() + " FROM claim c LEFT JOIN worker w ON w.kpj = c.kpj"
                + " LEFT JOIN (SELECT q.kpj, MAX(q.first_month) AS first_month FROM coverage_period q"
                + " WHERE q.kpj IN (SELECT c.kpj FROM claim c WHERE" + paid + ")"
                + " AND q.first_month <= ? AND (q.last_month IS NULL OR q.last_month >= q.first_month)"
                + " GROUP BY q.kpj) latest ON latest.kpj = c.kpj"
                + " LEFT JOIN coverage_period p ON p.kpj = latest.kpj AND p.first_month = latest.first_month"
                + " AND (p.last_month IS NULL OR p.last_month >= p.first_month)"
                + (pass.needsDecile() ? CLAIMS_DECILE_JOIN : "")
                + " WHERE" + paid + pass.groupBy("", ""))) {
            OffsetDateTime start = OffsetDateTime.ofInstant(m.atDay(1).atStartOfDay(zone).toInstant(), ZoneOffset.UTC);
            OffsetDateTime end = OffsetDateTime.ofInstant(m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant(),
                    ZoneOffset.UTC);
            ps.setObject(1, start);
            ps.setObject(2, end);
            ps.setString(3, m.toString());
            int i = 4;
            if (pass.needsDecile()) {
                ps.setObject(i++, start);
                ps.setObject(i++, end);
            }
            ps.setObject(i++, start);
            ps.setObject(i, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Dimension d = pass.dimension(rs, n + 3);
                    figures(out, m, d, pass, rs, 1).addClaims(rs.getLong(n + 1), rs.getLong(n + 2));
                }
            }
        }
    }

    private Figures figures(Map<Dimension, Map<YearMonth, Map<String, Figures>>> out, YearMonth m, Dimension d,
                            Pass pass, ResultSet rs, int firstColumn) throws SQLException {
        return out.get(d).get(m).computeIfAbsent(grouping.label(d, pass.value(rs, firstColumn, d, 0),
                pass.value(rs, firstColumn, d, 1), m.getYear()), g -> new Figures());
    }

    /** The programme's budget with its top-ups, per source, beside what each source's workers cost in the range. */
    private CoverageReport.Budget budget(Connection c, CoverageReport.Table funding) throws SQLException {
        Map<String, Long> topUps = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT source_code, SUM(amount) FROM budget_topup WHERE programme_id = ? GROUP BY source_code")) {
            ps.setString(1, programme.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    topUps.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, Long> spentByLabel = new HashMap<>();
        funding.months().values().forEach(groups -> groups.forEach((label, f) ->
                spentByLabel.merge(label, f.spent(), Long::sum)));
        List<CoverageReport.SourceBudget> sources = new ArrayList<>();
        long budget = 0;
        for (Programme.FundingSource s : programme.sources()) {
            long b = s.budget() + topUps.getOrDefault(s.code(), 0L);
            budget += b;
            sources.add(new CoverageReport.SourceBudget(s.code(), s.name(), b,
                    spentByLabel.getOrDefault(grouping.source(s.code(), null), 0L)));
        }
        // A top-up from a source the programme does not name (APBD_PERUBAHAN) adds to the budget, as in
        // the budget plan; no worker is paid from it by name.
        for (Map.Entry<String, Long> t : topUps.entrySet()) {
            if (programme.sources().stream().noneMatch(s -> s.code().equals(t.getKey()))) {
                budget += t.getValue();
                sources.add(new CoverageReport.SourceBudget(t.getKey(), t.getKey(), t.getValue(),
                        spentByLabel.getOrDefault(grouping.source(t.getKey(), null), 0L)));
            }
        }
        long spent = spentByLabel.values().stream().mapToLong(Long::longValue).sum();
        return new CoverageReport.Budget(programme.id(), budget, spent, List.copyOf(sources));
    }
}
