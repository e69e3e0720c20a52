package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.agency_id,"
                + " " + INCOME_AT_FIRST_MONTH + " AS monthly_income FROM coverage_period p"
                + " JOIN worker w ON w.kpj = p.kpj"
                + " LEFT JOIN file_row r ON r.file_id = w.file_id AND r.row_no = w.row_no"
                + " WHERE p.kpj = ? AND p.open_nik_hash IS NOT NULL AND p.funding_source IS NULL")) {
            for (String kpj : kpjs) {
                ps.setString(1, kpj);
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
