package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.PostgresTestDatabase;
import javax.sql.DataSource;

/** The status page's budget figures on a PostgreSQL ledger; skipped where it does not answer, failed under CI=true. */
class PostgresBudgetTotalsTest extends BudgetTotalsContract {

    private PostgresTestDatabase pg;

    @Override
    DataSource open() {
        pg = PostgresTestDatabase.openOrSkip();
        return pg.dataSource();
    }

    @Override
    void dispose() {
        if (pg != null) {
            pg.close();
        }
    }
}
