package id.jamsos.gateway.ledger;

class PostgresChangeLedgerTest extends ChangeLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
