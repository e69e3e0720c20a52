package id.jamsos.gateway.ledger;

class H2NotificationFixTest extends NotificationFixContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
