package id.jamsos.gateway.cluster;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.ledger.LedgerDataSource;
import java.util.UUID;
import javax.sql.DataSource;

/** The lease row on H2. */
class H2LeaseTableTest extends LeaseTableContract {

    private HikariDataSource h2;

    @Override
    DataSource open() {
        h2 = LedgerDataSource.create(LedgerDataSource.h2MemUrl("lease-" + UUID.randomUUID()), "sa", "", 4);
        return h2;
    }

    @Override
    void dispose() {
        h2.close();
    }
}
