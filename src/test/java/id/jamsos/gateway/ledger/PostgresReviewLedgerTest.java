package id.jamsos.gateway.ledger;

class PostgresReviewLedgerTest extends ReviewLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("review_");
    }
}
