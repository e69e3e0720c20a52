package id.jamsos.gateway.ledger;

class PostgresCoverageTest extends CoverageContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
