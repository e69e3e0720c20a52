package id.jamsos.gateway.finance;

/**
 * The yearly budget check: the programme's budget (the configured sources plus the top-ups recorded,
 * docs/finance.md "The programme and its budget") against what the current cohort costs over the
 * programme's months at this month's contribution. Whole rupiah. The field names are those of the
 * statement's schema v2 ({@code annualBudget}, {@code projectedAnnualCost}), kept for its consumers.
 *
 * @param annualBudget the programme's budget with its top-ups ({@code jamsos.finance.annualBudget} only
 *                     where no programme is given, see StatementBuilder)
 * @param months       the months projected: the programme's (12 for a calendar year)
 * @param headroom     budget minus projected cost; negative when the projection exceeds the budget
 * @param warning      a bilingual warning when it does, null otherwise
 */
public record BudgetCheck(long annualBudget, int workers, long monthlyDue, long projectedAnnualCost, long headroom,
                          boolean exceeded, String warning) {

    /** Over twelve months. */
    public static BudgetCheck of(long annualBudget, int workers, long monthlyDue) {
        return of(annualBudget, workers, monthlyDue, 12);
    }

    public static BudgetCheck of(long annualBudget, int workers, long monthlyDue, int months) {
        long projected = Math.multiplyExact((long) months, monthlyDue);
        long headroom = annualBudget - projected;
        boolean exceeded = projected > annualBudget;
        String warning = exceeded
                ? "Proyeksi iuran " + months + " bulan Rp " + Money.format(projected) + " melebihi anggaran program Rp "
                + Money.format(annualBudget) + " (kurang Rp " + Money.format(-headroom) + ") / the " + months
                + "-month projected contribution of Rp " + Money.format(projected) + " exceeds the programme's budget"
                + " of Rp " + Money.format(annualBudget) + " (short by Rp " + Money.format(-headroom) + ")"
                : null;
        return new BudgetCheck(annualBudget, workers, monthlyDue, projected, headroom, exceeded, warning);
    }
}
