package id.jamsos.gateway.ledger;

class H2StatusFilesTest extends StatusFilesContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
