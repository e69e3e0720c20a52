package id.jamsos.gateway.ledger;

/**
 * The fate of one row: REJECTED by validation, PENDING at BPJS, ENROLLED or REFUSED by BPJS, or PARKED
 * after retries ran out (waiting for a replay). A row of a change file (AKSI BERHENTI, KOREKSI, PINDAH)
 * that BPJS and the ledger took ends APPLIED. An enrollment the programme's budget cannot carry is held
 * WAITLISTED (jamsos.programme.overBudgetPolicy=WAITLIST) until money is added and it is released. A row
 * a person must look at before it may go to BPJS (the population registry did not find the worker or has
 * no e-KTP recorded, or the worker is not on the programme's eligibility list under policy HOLD) waits
 * in REVIEW until an operator releases it (to PENDING) or refuses it (REJECTED); it is never refused by
 * itself. An enrollment BPJS answered "already registered" (208) whose membership look-up names an
 * active payer other than this city (self-paying, a CSR donor, an employer, another region) ends
 * OTHER_PAYER: the worker is covered, but not at the city's cost (no period of cover, nothing billed).
 */
public enum RowState {
    REJECTED,
    PENDING,
    ENROLLED,
    REFUSED,
    PARKED,
    APPLIED,
    WAITLISTED,
    REVIEW,
    OTHER_PAYER
}
