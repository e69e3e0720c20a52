package id.jamsos.gateway.ledger;

class H2WorkerStoryTest extends WorkerStoryContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
