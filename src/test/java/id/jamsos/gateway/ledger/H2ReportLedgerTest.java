package id.jamsos.gateway.ledger;

class H2ReportLedgerTest extends ReportLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
