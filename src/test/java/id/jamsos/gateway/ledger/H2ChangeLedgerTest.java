package id.jamsos.gateway.ledger;

class H2ChangeLedgerTest extends ChangeLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
