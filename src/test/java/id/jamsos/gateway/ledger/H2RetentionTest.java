package id.jamsos.gateway.ledger;

class H2RetentionTest extends RetentionContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
