package id.jamsos.gateway.ledger;

class H2StuckPendingTest extends StuckPendingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
