package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.BudgetGate;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.changes.ChangeAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The money an intake may still commit, counted down row by row: worked out once per file
 * ({@link BudgetPlanner#intakeHeadroom}), so that the decision per row is one multiplication. A row needs
 * its contribution for every month from this month to the programme's last. Once one row does not fit,
 * none after it does either: the waitlist keeps arrival order, and a cheaper row never overtakes.
 *
 * <p>Other files are decided at the same time (two agencies, two gateway processes): each chunk's
 * decision is taken under the programme's commitment lock ({@link #gate}), where the headroom first
 * subtracts what the others committed since it last looked ({@code committed}, V23), and rows already
 * waiting make it exhausted. Not thread-safe: one intake's rows, in order.
 */
public final class BudgetHeadroom {

    private final String programmeId;
    private final int monthsToCarry;
    private final long defaultIncome;
    private long left;
    private boolean exhausted;
    private int beyond;
    /** The programme's running commitment that {@code left} already accounts for. */
    private long seen;

    /** @param exhausted true when rows already wait: new ones queue behind them */
    public BudgetHeadroom(long left, int monthsToCarry, long defaultIncome, boolean exhausted) {
        this(null, 0, left, monthsToCarry, defaultIncome, exhausted);
    }

    /**
     * @param programmeId whose commitment row the gate locks
     * @param seen        the programme's running commitment read together with what {@code left} subtracts
     */
    public BudgetHeadroom(String programmeId, long seen, long left, int monthsToCarry, long defaultIncome,
                          boolean exhausted) {
        this.programmeId = programmeId;
        this.seen = seen;
        this.left = left;
        this.monthsToCarry = monthsToCarry;
        this.defaultIncome = defaultIncome;
        this.exhausted = exhausted;
    }

    /** The same headroom, counted down apart from this one. */
    public BudgetHeadroom copy() {
        BudgetHeadroom c = new BudgetHeadroom(programmeId, seen, left, monthsToCarry, defaultIncome, exhausted);
        c.beyond = beyond;
        return c;
    }

    public int monthsToCarry() {
        return monthsToCarry;
    }

    /** What a worker of this income (null: the default) needs to the programme's last month. */
    public long need(Long monthlyIncome) {
        return Math.multiplyExact(BudgetPlanner.contribution(monthlyIncome, defaultIncome), (long) monthsToCarry);
    }

    /** True, and the money taken, when the budget carries one more worker of this income (null: the default). */
    public boolean take(Long monthlyIncome) {
        long need = need(monthlyIncome);
        if (exhausted || need > left) {
            exhausted = true;
            beyond++;
            return false;
        }
        left -= need;
        return true;
    }

    /**
     * What others committed since this headroom last looked is no longer there; rows waiting now (another
     * file's) make it exhausted.
     */
    void catchUp(long committed, boolean waitlisted) {
        if (committed > seen) {
            left -= committed - seen;
            seen = committed;
        }
        if (waitlisted) {
            exhausted = true;
        }
    }

    /**
     * The budget's decision over a chunk's rows inside the ledger's transaction: the PENDING enrollments
     * in row order against this headroom, after catching up with the others. Under WAITLIST a row the
     * budget does not carry is recorded WAITLISTED; under WARN it stays PENDING and is counted in
     * {@link #beyond}. Every PENDING enrollment is committed (WARN's too: it goes to BPJS all the same).
     * Counts down this headroom: give it a copy when the transaction may be tried again.
     */
    public BudgetGate gate(OverBudgetPolicy policy) {
        BudgetHeadroom money = this;
        return new BudgetGate() {
            @Override
            public String programmeId() {
                return programmeId;
            }

            @Override
            public Admitted admit(long committed, boolean waitlisted, List<LedgerRow> rows) {
                money.catchUp(committed, waitlisted);
                long own = 0;
                List<LedgerRow> out = new ArrayList<>(rows.size());
                for (LedgerRow r : rows) {
                    if (r.state() != RowState.PENDING || (r.action() != null && r.action() != ChangeAction.DAFTAR)) {
                        out.add(r);
                        continue;
                    }
                    boolean carried = money.take(r.monthlyIncome());
                    if (!carried && policy == OverBudgetPolicy.WAITLIST) {
                        out.add(new LedgerRow(r.fileId(), r.rowNo(), r.nik(), r.name(), RowState.WAITLISTED,
                                r.reasons(), r.idempotencyKey(), r.kpj(), r.lastError(), r.monthlyIncome(),
                                r.birthDate(), r.action(), r.changeJson()));
                    } else {
                        own = Math.addExact(own, money.need(r.monthlyIncome()));
                        out.add(r);
                    }
                }
                money.seen = Math.addExact(Math.max(committed, money.seen), own);
                return new Admitted(out, own);
            }
        };
    }

    /** Rows this headroom did not carry. */
    public int beyond() {
        return beyond;
    }

    public long left() {
        return left;
    }
}
