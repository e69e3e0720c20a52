package id.jamsos.gateway.finance;

/** The statement totals on an H2 ledger. */
class H2StatementTotalsTest extends StatementTotalsContract {

    H2StatementTotalsTest() {
        super(Kind.H2);
    }
}
