package id.jamsos.gateway.ledger;

/** Against a real PostgreSQL; skipped when none answers, failed under CI=true (RequiredService). */
class PostgresOperatorAccessLedgerTest extends OperatorAccessLedgerTest {

    @Override
    TestDatabase fresh() {
        return PostgresTestDatabase.openOrSkip();
    }
}
