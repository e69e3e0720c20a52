package id.jamsos.gateway.ledger;

class PostgresWorkerStoryTest extends WorkerStoryContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
