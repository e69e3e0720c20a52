package id.jamsos.gateway.ledger;

/** The budget's commitment on PostgreSQL, in a schema of its own. */
class PostgresFixaBudgetCommitmentTest extends BudgetCommitmentContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("fixa_");
    }
}
