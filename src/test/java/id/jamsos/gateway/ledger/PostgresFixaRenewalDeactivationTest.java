package id.jamsos.gateway.ledger;

/** The renewal's deactivations on PostgreSQL, in a schema of its own. */
class PostgresFixaRenewalDeactivationTest extends RenewalDeactivationContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("fixa_");
    }
}
