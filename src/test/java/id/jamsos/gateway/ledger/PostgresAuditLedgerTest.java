package id.jamsos.gateway.ledger;

/** Against a real PostgreSQL; skipped when none answers, failed under CI=true (RequiredService). */
class PostgresAuditLedgerTest extends AuditLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
