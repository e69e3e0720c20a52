package id.jamsos.gateway.finance;

/**
 * The money an intake may still commit, counted down row by row: worked out once per file
 * ({@link BudgetPlanner#headroom}), so that the decision per row is one multiplication. A row needs its
 * contribution for every month from this month to the programme's last. Once one row does not fit,
 * none after it does either: the waitlist keeps arrival order, and a cheaper row never overtakes.
 * Not thread-safe: one intake's rows, in order.
 */
public final class BudgetHeadroom {

    private final int monthsToCarry;
    private final long defaultIncome;
    private long left;
    private boolean exhausted;
    private int beyond;

    /** @param exhausted true when rows already wait: new ones queue behind them */
    public BudgetHeadroom(long left, int monthsToCarry, long defaultIncome, boolean exhausted) {
        this.left = left;
        this.monthsToCarry = monthsToCarry;
        this.defaultIncome = defaultIncome;
        this.exhausted = exhausted;
    }

    /** The same headroom, counted down apart from this one. */
    public BudgetHeadroom copy() {
        BudgetHeadroom c = new BudgetHeadroom(left, monthsToCarry, defaultIncome, exhausted);
        c.beyond = beyond;
        return c;
    }

    public int monthsToCarry() {
        return monthsToCarry;
    }

    /** True, and the money taken, when the budget carries one more worker of this income (null: the default). */
    public boolean take(Long monthlyIncome) {
        long need = Math.multiplyExact(BudgetPlanner.contribution(monthlyIncome, defaultIncome), (long) monthsToCarry);
        if (exhausted || need > left) {
            exhausted = true;
            beyond++;
            return false;
        }
        left -= need;
        return true;
    }

    /** Rows this headroom did not carry. */
    public int beyond() {
        return beyond;
    }

    public long left() {
        return left;
    }
}
