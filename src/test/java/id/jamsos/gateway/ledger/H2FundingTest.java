package id.jamsos.gateway.ledger;

class H2FundingTest extends FundingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
