package id.jamsos.gateway.ledger;

class PostgresLedgerTest extends LedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
