package id.jamsos.gateway.finance;

/** The statement totals on a PostgreSQL ledger; skipped with a message where PostgreSQL does not answer. */
class PostgresStatementTotalsTest extends StatementTotalsContract {

    PostgresStatementTotalsTest() {
        super(Kind.POSTGRES);
    }
}
