package id.jamsos.gateway.ledger;

class H2ClaimWatermarkTest extends ClaimWatermarkContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
