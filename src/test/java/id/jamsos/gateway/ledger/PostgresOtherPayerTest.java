package id.jamsos.gateway.ledger;

class PostgresOtherPayerTest extends OtherPayerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("h1opay_");
    }
}
