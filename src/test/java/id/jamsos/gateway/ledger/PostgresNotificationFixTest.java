package id.jamsos.gateway.ledger;

class PostgresNotificationFixTest extends NotificationFixContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip();
    }
}
