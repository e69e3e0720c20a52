package id.jamsos.gateway.ledger;

class PostgresReportLedgerTest extends ReportLedgerContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("s9reports_");
    }
}
