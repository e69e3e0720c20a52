package id.jamsos.gateway.ledger;

class PostgresBudgetLedgerTest extends BudgetLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
