package id.jamsos.gateway.finance;

/** The status page's budget figures on an H2 ledger. */
class H2BudgetTotalsTest extends BudgetTotalsContract {

    H2BudgetTotalsTest() {
        super(Kind.H2);
    }
}
