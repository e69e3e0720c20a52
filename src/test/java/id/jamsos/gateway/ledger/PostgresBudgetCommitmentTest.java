package id.jamsos.gateway.ledger;

class PostgresBudgetCommitmentTest extends BudgetCommitmentContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("budget_");
    }
}
