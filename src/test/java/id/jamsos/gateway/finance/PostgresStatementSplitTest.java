package id.jamsos.gateway.finance;

/** The statement's split and invoice differences on a PostgreSQL ledger; skipped with a message where PostgreSQL does not answer, failed under CI=true. */
class PostgresStatementSplitTest extends StatementSplitContract {

    PostgresStatementSplitTest() {
        super(Kind.POSTGRES);
    }
}
