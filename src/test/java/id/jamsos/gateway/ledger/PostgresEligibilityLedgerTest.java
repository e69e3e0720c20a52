package id.jamsos.gateway.ledger;

class PostgresEligibilityLedgerTest extends EligibilityLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("s11elig_");
    }
}
