package id.jamsos.gateway.ledger;

import java.util.List;

/**
 * The budget's say over a chunk of enrollment rows, asked inside the transaction that records them and
 * under the programme's lock (budget_commitment, V23): two intakes of the same moment (two agencies,
 * two gateway processes) decide one after the other, each seeing what the other committed, so that
 * together they never commit more than the budget carries ({@link Ledger#insertRows(long, List, BudgetGate)}).
 * The ledger reads and writes the lock's row; the gate, which knows contributions and the programme's
 * months, decides.
 */
public interface BudgetGate {

    /** What a chunk's rows are recorded as, and the money (whole rupiah) its PENDING enrollments commit. */
    record Admitted(List<LedgerRow> rows, long committed) {
    }

    /** The programme whose commitment row is locked. */
    String programmeId();

    /**
     * Decides the chunk's PENDING enrollment rows in row order (change rows and rejected rows pass as
     * they are).
     *
     * @param committed  the programme's running commitment as read under its lock: its growth since the
     *                   gate last looked is what others committed meanwhile
     * @param waitlisted true when rows wait on the budget now: new rows queue behind them
     */
    Admitted admit(long committed, boolean waitlisted, List<LedgerRow> rows);
}
