package id.jamsos.gateway.finance;

/**
 * The yearly budget check: the city's annual budget for contributions against what the current
 * cohort costs over twelve months at this month's contribution. Whole rupiah.
 *
 * @param headroom budget minus projected cost; negative when the projection exceeds the budget
 * @param warning  a bilingual warning when it does, null otherwise
 */
public record BudgetCheck(long annualBudget, int workers, long monthlyDue, long projectedAnnualCost, long headroom,
                          boolean exceeded, String warning) {

    public static BudgetCheck of(long annualBudget, int workers, long monthlyDue) {
        long projected = Math.multiplyExact(12L, monthlyDue);
        long headroom = annualBudget - projected;
        boolean exceeded = projected > annualBudget;
        String warning = exceeded
                ? "Proyeksi iuran 12 bulan Rp " + Money.format(projected) + " melebihi anggaran tahunan Rp "
                + Money.format(annualBudget) + " (kurang Rp " + Money.format(-headroom) + ") / the 12-month projected"
                + " contribution of Rp " + Money.format(projected) + " exceeds the annual budget of Rp "
                + Money.format(annualBudget) + " (short by Rp " + Money.format(-headroom) + ")"
                : null;
        return new BudgetCheck(annualBudget, workers, monthlyDue, projected, headroom, exceeded, warning);
    }
}
