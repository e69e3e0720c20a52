package id.jamsos.gateway.ledger;

class H2RenewalDeactivationTest extends RenewalDeactivationContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
