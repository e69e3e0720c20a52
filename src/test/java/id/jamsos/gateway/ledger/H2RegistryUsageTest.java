package id.jamsos.gateway.ledger;

class H2RegistryUsageTest extends RegistryUsageContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
