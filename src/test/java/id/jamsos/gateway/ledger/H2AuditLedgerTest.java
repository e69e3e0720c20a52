package id.jamsos.gateway.ledger;

class H2AuditLedgerTest extends AuditLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
