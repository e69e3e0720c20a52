package id.jamsos.gateway.ledger;

class H2OtherPayerTest extends OtherPayerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
