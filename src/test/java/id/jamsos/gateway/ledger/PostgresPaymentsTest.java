package id.jamsos.gateway.ledger;

class PostgresPaymentsTest extends PaymentsContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
