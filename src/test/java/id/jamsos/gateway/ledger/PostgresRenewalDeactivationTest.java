package id.jamsos.gateway.ledger;

class PostgresRenewalDeactivationTest extends RenewalDeactivationContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("budget_");
    }
}
