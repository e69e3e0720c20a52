package id.jamsos.gateway.cluster;

import id.jamsos.gateway.ledger.PostgresTestDatabase;
import javax.sql.DataSource;

/** The lease row on PostgreSQL; skipped with a message where it does not answer, failed under CI=true. */
class PostgresLeaseTableTest extends LeaseTableContract {

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
