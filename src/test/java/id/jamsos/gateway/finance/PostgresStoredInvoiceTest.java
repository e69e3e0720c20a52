package id.jamsos.gateway.finance;

/** The invoice streamed into a PostgreSQL ledger (a schema of its own) and read back through a cursor. */
class PostgresStoredInvoiceTest extends StoredInvoiceContract {

    PostgresStoredInvoiceTest() {
        super(Kind.POSTGRES);
    }
}
