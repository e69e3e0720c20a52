package id.jamsos.gateway.finance;

/** The statement's split and invoice differences on an H2 ledger. */
class H2StatementSplitTest extends StatementSplitContract {

    H2StatementSplitTest() {
        super(Kind.H2);
    }
}
