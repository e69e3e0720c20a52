package id.jamsos.gateway.finance;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import java.util.UUID;
import javax.sql.DataSource;

/** The status page's budget figures on an H2 ledger. */
class H2BudgetTotalsTest extends BudgetTotalsContract {

    private HikariDataSource h2;

    @Override
    DataSource open() {
        h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("budget-" + UUID.randomUUID()), "sa", "", 2);
        return h2;
    }

    @Override
    void dispose() {
        if (h2 != null) {
            h2.close();
        }
    }
}
