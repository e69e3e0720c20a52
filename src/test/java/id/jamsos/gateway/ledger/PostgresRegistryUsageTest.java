package id.jamsos.gateway.ledger;

class PostgresRegistryUsageTest extends RegistryUsageContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return PostgresTestDatabase.openOrSkip("s11registry_");
    }
}
