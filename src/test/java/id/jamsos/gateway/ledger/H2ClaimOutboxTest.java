package id.jamsos.gateway.ledger;

class H2ClaimOutboxTest extends ClaimOutboxContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
