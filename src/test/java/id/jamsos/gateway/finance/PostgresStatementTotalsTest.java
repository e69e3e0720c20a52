package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.PostgresTestDatabase;
import javax.sql.DataSource;

/** The statement totals on a PostgreSQL ledger; skipped with a message where PostgreSQL does not answer. */
class PostgresStatementTotalsTest extends StatementTotalsContract {

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
