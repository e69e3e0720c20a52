package id.jamsos.gateway.ledger;

class H2BudgetCommitmentTest extends BudgetCommitmentContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
