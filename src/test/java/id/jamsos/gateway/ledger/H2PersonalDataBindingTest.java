package id.jamsos.gateway.ledger;

class H2PersonalDataBindingTest extends PersonalDataBindingContractTest {

    @Override
    protected TestDatabase openDatabase() {
        return new H2TestDatabase();
    }
}
