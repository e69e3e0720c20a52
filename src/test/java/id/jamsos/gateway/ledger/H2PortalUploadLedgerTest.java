package id.jamsos.gateway.ledger;

class H2PortalUploadLedgerTest extends PortalUploadLedgerTest {

    @Override
    TestDatabase fresh() {
        return new H2TestDatabase();
    }
}
