package id.jamsos.gateway.ledger;

class H2OperatorAccessLedgerTest extends OperatorAccessLedgerTest {

    @Override
    TestDatabase fresh() {
        return new H2TestDatabase();
    }
}
