package id.jamsos.gateway.finance;

class H2ProgrammeYearTest extends ProgrammeYearContract {

    H2ProgrammeYearTest() {
        super(Kind.H2);
    }
}
