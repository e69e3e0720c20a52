package id.jamsos.gateway.finance;

/** The invoice streamed into an H2 ledger and compared from there. */
class H2StoredInvoiceTest extends StoredInvoiceContract {

    H2StoredInvoiceTest() {
        super(Kind.H2);
    }
}
