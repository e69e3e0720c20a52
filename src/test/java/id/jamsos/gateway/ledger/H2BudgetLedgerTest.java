package id.jamsos.gateway.ledger;

class H2BudgetLedgerTest extends BudgetLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
