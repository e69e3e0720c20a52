package id.jamsos.gateway.ledger;

class H2ReviewLedgerTest extends ReviewLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
