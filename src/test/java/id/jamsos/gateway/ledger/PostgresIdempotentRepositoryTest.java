package id.jamsos.gateway.ledger;

class PostgresIdempotentRepositoryTest extends IdempotentRepositoryContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
