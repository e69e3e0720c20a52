package id.jamsos.gateway.finance;

class PostgresProgrammeYearTest extends ProgrammeYearContract {

    PostgresProgrammeYearTest() {
        super(Kind.POSTGRES);
    }
}
