package id.jamsos.gateway.ledger;

class PostgresReviewReleaseBudgetTest extends ReviewReleaseBudgetContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("reviewbudget_");
    }
}
