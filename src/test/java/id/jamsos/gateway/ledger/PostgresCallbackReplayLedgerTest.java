package id.jamsos.gateway.ledger;

/** Against a real PostgreSQL; skipped when none answers, failed under CI=true (RequiredService). */
class PostgresCallbackReplayLedgerTest extends CallbackReplayLedgerTest {

    @Override
    TestDatabase fresh() {
        return PostgresTestDatabase.openOrSkip();
    }
}
