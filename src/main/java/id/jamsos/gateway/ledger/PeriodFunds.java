package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Records on the periods of cover who pays them ({@link PeriodFunding}): inside the transaction that
 * opens them (an enrollment, a handover), and once per ledger for the periods opened before the source
 * was recorded (ledger_task {@value #BACKFILL_TASK}).
 */
public final class PeriodFunds {

    static final String BACKFILL_TASK = "funding-backfill";
    private static final int BATCH = 1_000;
    /** Workers named in one IN list: an enrollment answer holds at most 100. */
    private static final int IN_CHUNK = 100;

    /**
     * The worker's income in force in the period's first month (as {@link IncomeInForce} reads it: the
     * latest worker_income line on or before that month, else the income declared at enrollment), per
     * period: a worker re-enrolled or corrected since their first enrollment is funded by the income
     * they have now, not their first. Correlated on the period (its own first month), through
     * worker_income's key (kpj, from_month).
     */
    private static final String INCOME_AT_FIRST_MONTH = "COALESCE((SELECT inc.monthly_income FROM worker_income inc"
            + " WHERE inc.kpj = p.kpj AND inc.from_month = (SELECT MAX(wi.from_month) FROM worker_income wi"
            + " WHERE wi.kpj = p.kpj AND wi.from_month <= p.first_month)), w.monthly_income, r.monthly_income)";

    private PeriodFunds() {
    }

    /**
     * Gives the open periods of these workers that have no source yet theirs, inside the caller's
     * transaction. A period that names a source keeps it.
     */
    static void fundOpen(Connection c, PeriodFunding.Round round, Collection<String> kpjs) throws SQLException {
        if (round == null || kpjs.isEmpty()) {
            return;
        }
        List<Object[]> decided = new ArrayList<>();
        // One query per chunk of workers, not one per worker: this runs in every enrollment answer's
        // transaction, and per-worker queries made it the answer's costliest step (docs/performance.md).
        List<String> all = List.copyOf(kpjs);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.agency_id,"
                    + " " + INCOME_AT_FIRST_MONTH + " AS monthly_income FROM coverage_period p"
                    + " JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + " WHERE p.kpj IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")"
                    + " AND p.open_nik_hash IS NOT NULL AND p.funding_source IS NULL")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PeriodFunding.Funding f = round.fund(rs.getString(2), rs.getObject(3, Long.class));
                        if (f != null) {
                            decided.add(new Object[] {rs.getLong(1), f});
                        }
                    }
                }
            }
        }
        update(c, decided);
    }

    /**
     * Who pays the first period of each of these new workers, decided before the periods are written so
     * that the INSERT carries it ({@link CoverageLedger#openForNewWorkers}) instead of an UPDATE of every
     * period after it (docs/performance.md). A new worker has no income history yet: the income in force
     * is the one their row declares, as {@link #fundOpen} would read it. Decided in the rows' order, as the
     * periods open.
     */
    static Map<RowKey, PeriodFunding.Funding> forNewWorkers(Connection c, PeriodFunding.Round round,
            List<RowOutcome> rows) throws SQLException {
        Map<RowKey, PeriodFunding.Funding> decided = new HashMap<>();
        if (round == null || rows.isEmpty()) {
            return decided;
        }
        // One lookup by primary key per row: H2 plans "file_id = ? AND row_no IN (...)" on the
        // (file_id, state) index and walks the whole file (measured: three times the cost of the UPDATE
        // this replaces).
        Map<RowKey, Long> incomes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT monthly_income FROM file_row"
                + " WHERE file_id = ? AND row_no = ?")) {
            for (RowOutcome o : rows) {
                ps.setLong(1, o.fileId());
                ps.setInt(2, o.rowNo());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        incomes.put(RowKey.of(o), rs.getObject(1, Long.class));
                    }
                }
            }
        }
        for (RowOutcome o : rows) {
            RowKey key = RowKey.of(o);
            PeriodFunding.Funding f = round.fund(o.agencyId(), incomes.get(key));
            if (f != null) {
                decided.put(key, f);
            }
        }
        return decided;
    }

    private static void update(Connection c, List<Object[]> decided) throws SQLException {
        if (decided.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE coverage_period SET funding_source = ?,"
                + " funding_account = ? WHERE id = ? AND funding_source IS NULL")) {
            int n = 0;
            for (Object[] d : decided) {
                PeriodFunding.Funding f = (PeriodFunding.Funding) d[1];
                ps.setString(1, f.source());
                ps.setString(2, f.account());
                ps.setLong(3, (Long) d[0]);
                ps.addBatch();
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Once per ledger: every period that names no source yet (opened before V23, open or ended) is given
     * the one {@code rule} says, which for the backfill is the attribution statements and the plan have
     * used so far (the agency's source, else the default), so that no month already stated moves.
     *
     * @return how many periods were given a source (0 once done)
     */
    public static int backfill(DataSource dataSource, PeriodFunding rule, Clock clock) {
        Objects.requireNonNull(rule, "rule");
        PeriodFunding.Round round = rule.round();
        Instant now = clock.instant();
        return new Jdbc(dataSource).inTransaction("record the funding of periods opened before V23", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger_task WHERE name = ?")) {
                ps.setString(1, BACKFILL_TASK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return 0;
                    }
                }
            }
            List<Object[]> decided = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.agency_id,"
                    + " " + INCOME_AT_FIRST_MONTH + " AS monthly_income FROM coverage_period p"
                    + " LEFT JOIN worker w ON w.kpj = p.kpj"
                    + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                    + " WHERE p.funding_source IS NULL ORDER BY p.id")) {
                ps.setFetchSize(BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PeriodFunding.Funding f = round.fund(rs.getString(2), rs.getObject(3, Long.class));
                        if (f != null) {
                            decided.add(new Object[] {rs.getLong(1), f});
                        }
                    }
                }
            }
            update(c, decided);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_task (name, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, BACKFILL_TASK);
                DbTime.set(ps, 2, now);
                ps.executeUpdate();
            }
            return decided.size();
        });
    }
}
