package id.jamsos.gateway.ledger;

class H2PortalAccessLedgerTest extends PortalAccessLedgerTest {

    @Override
    TestDatabase fresh() {
        return new H2TestDatabase();
    }
}
