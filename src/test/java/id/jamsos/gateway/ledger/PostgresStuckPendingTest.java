package id.jamsos.gateway.ledger;

class PostgresStuckPendingTest extends StuckPendingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("fixa_");
    }
}
