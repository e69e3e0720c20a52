package id.jamsos.gateway.ledger;

class PostgresPersonalDataBindingTest extends PersonalDataBindingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
