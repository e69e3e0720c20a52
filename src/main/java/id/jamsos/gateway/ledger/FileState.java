package id.jamsos.gateway.ledger;

/** Where an agency file is in its life: intake, enrollment, report, or why it stopped. */
public enum FileState {
    RECEIVING,
    PROCESSING,
    REPORTING,
    DONE,
    FAILED,
    DUPLICATE
}
