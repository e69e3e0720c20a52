package id.jamsos.gateway.ledger;

class H2LedgerTest extends LedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
