package id.jamsos.gateway.ledger;

class PostgresClaimWatermarkTest extends ClaimWatermarkContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
