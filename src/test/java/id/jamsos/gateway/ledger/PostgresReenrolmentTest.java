package id.jamsos.gateway.ledger;

class PostgresReenrolmentTest extends ReenrolmentContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("reenrol_");
    }
}
