package id.jamsos.gateway.finance;

/** Income with an effective month on an H2 ledger. */
class H2IncomeHistoryTest extends IncomeHistoryContract {

    H2IncomeHistoryTest() {
        super(Kind.H2);
    }
}
