package id.jamsos.gateway.ledger;

class H2CallbackReplayLedgerTest extends CallbackReplayLedgerTest {

    @Override
    TestDatabase fresh() {
        return new H2TestDatabase();
    }
}
