package id.jamsos.gateway.finance;

/** Income with an effective month on a PostgreSQL ledger; skipped with a message where PostgreSQL does not answer, failed under CI=true. */
class PostgresIncomeHistoryTest extends IncomeHistoryContract {

    PostgresIncomeHistoryTest() {
        super(Kind.POSTGRES);
    }
}
