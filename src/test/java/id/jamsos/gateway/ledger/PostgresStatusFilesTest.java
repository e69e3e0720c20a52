package id.jamsos.gateway.ledger;

class PostgresStatusFilesTest extends StatusFilesContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
