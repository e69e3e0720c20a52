package id.jamsos.gateway.ledger;

class PostgresRetentionTest extends RetentionContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
