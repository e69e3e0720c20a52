package id.jamsos.gateway.coverage;

class H2CoverageReportTest extends CoverageReportContract {

    H2CoverageReportTest() {
        super(Kind.H2);
    }
}
