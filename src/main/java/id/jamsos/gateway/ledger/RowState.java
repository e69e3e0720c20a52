package id.jamsos.gateway.ledger;

/**
 * The fate of one row: REJECTED by validation, PENDING at BPJS, ENROLLED or REFUSED by BPJS, or PARKED
 * after retries ran out (waiting for a replay). A row of a change file (AKSI BERHENTI, KOREKSI, PINDAH)
 * that BPJS and the ledger took ends APPLIED.
 */
public enum RowState {
    REJECTED,
    PENDING,
    ENROLLED,
    REFUSED,
    PARKED,
    APPLIED
}
