package id.jamsos.gateway.ledger;

class H2ReviewReleaseBudgetTest extends ReviewReleaseBudgetContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
