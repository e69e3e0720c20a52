package id.jamsos.gateway.ledger;

/**
 * The SQL that reads a worker's income in force in one month (worker_income, V20): the latest
 * correction from that month or before, else the income declared at enrollment (the file row's, or the
 * worker's copy once the row was purged), else none (null: jamsos.defaultIncome applies). Every reader
 * of a month's income (the statement, the budget plan, arrears, the payment split) joins it the same
 * way, so that a KOREKSI in June leaves March's figures as they were.
 *
 * <p>The queries name the worker {@code w} and its enrolling file row {@code r} (LEFT JOIN: purged
 * rows are gone). {@link #JOIN} binds one parameter, the month ('yyyy-MM'), at its place in the query.
 * It reads the corrections in one pass and keeps the latest per worker (a window, on H2 and
 * PostgreSQL alike): corrections are few beside the cohort, so the database hashes them once and
 * joins, instead of looking up the history once per covered worker.
 */
public final class IncomeInForce {

    /** LEFT JOIN of each worker's latest correction on or before the month; one parameter: the month. */
    public static final String JOIN = " LEFT JOIN (SELECT wi.kpj, wi.monthly_income, ROW_NUMBER() OVER"
            + " (PARTITION BY wi.kpj ORDER BY wi.from_month DESC) AS nth FROM worker_income wi"
            + " WHERE wi.from_month <= ?) inc ON inc.kpj = w.kpj AND inc.nth = 1";

    /** The income in force (null when none was ever declared): a plain expression, fit for GROUP BY. */
    public static final String INCOME = "COALESCE(inc.monthly_income, w.monthly_income, r.monthly_income)";

    private IncomeInForce() {
    }
}
