package id.jamsos.gateway.ledger;

class H2EligibilityLedgerTest extends EligibilityLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
