package id.jamsos.gateway.finance;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import java.util.UUID;
import javax.sql.DataSource;

/** The statement totals on an H2 ledger. */
class H2StatementTotalsTest extends StatementTotalsContract {

    private HikariDataSource h2;

    @Override
    DataSource open() {
        h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("statement-" + UUID.randomUUID()), "sa", "", 2);
        return h2;
    }

    @Override
    void dispose() {
        h2.close();
    }
}
