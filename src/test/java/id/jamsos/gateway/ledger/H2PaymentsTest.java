package id.jamsos.gateway.ledger;

class H2PaymentsTest extends PaymentsContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
