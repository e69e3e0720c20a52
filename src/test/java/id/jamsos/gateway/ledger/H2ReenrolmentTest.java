package id.jamsos.gateway.ledger;

class H2ReenrolmentTest extends ReenrolmentContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
