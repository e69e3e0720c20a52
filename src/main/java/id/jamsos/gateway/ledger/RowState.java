package id.jamsos.gateway.ledger;

/**
 * The fate of one row: REJECTED by validation, PENDING at BPJS, ENROLLED or REFUSED by BPJS, or PARKED
 * after retries ran out (waiting for a replay).
 */
public enum RowState {
    REJECTED,
    PENDING,
    ENROLLED,
    REFUSED,
    PARKED
}
