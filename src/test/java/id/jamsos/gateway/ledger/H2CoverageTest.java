package id.jamsos.gateway.ledger;

class H2CoverageTest extends CoverageContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
