package id.jamsos.gateway.ledger;

class PostgresFundingTest extends FundingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("budget_");
    }
}
