package id.jamsos.gateway.ledger;

/** Against a real PostgreSQL (a schema of its own); skipped when none answers, failed under CI=true. */
class PostgresPortalUploadLedgerTest extends PortalUploadLedgerTest {

    @Override
    TestDatabase fresh() {
        return PostgresTestDatabase.openOrSkip();
    }
}
