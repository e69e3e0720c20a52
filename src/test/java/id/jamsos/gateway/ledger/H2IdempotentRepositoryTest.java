package id.jamsos.gateway.ledger;

class H2IdempotentRepositoryTest extends IdempotentRepositoryContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
