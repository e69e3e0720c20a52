package id.jamsos.gateway.ledger;

class PostgresClaimOutboxTest extends ClaimOutboxContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
