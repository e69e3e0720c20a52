package id.jamsos.gateway.finance;

/**
 * BPU contributions the city pays per worker per month (PP 44/2015 as amended), in whole rupiah:
 * JKK is 1 % of the declared monthly income, at least Rp 10,000 and at most Rp 207,000; JKM is a
 * flat Rp 6,800. Integer arithmetic only: money is never a floating-point number here.
 */
public final class ContributionRules {

    public static final long JKK_MIN = 10_000L;
    public static final long JKK_MAX = 207_000L;
    public static final long JKM = 6_800L;

    private ContributionRules() {
    }

    /**
     * 1 % of the declared income, rounded half up to the whole rupiah (Rp 1,234,550 gives Rp 12,346),
     * then held between the minimum and the maximum.
     */
    public static long jkk(long monthlyIncome) {
        if (monthlyIncome < 0) {
            throw new IllegalArgumentException("income must not be negative");
        }
        long onePercent = (monthlyIncome + 50) / 100;
        return Math.max(JKK_MIN, Math.min(JKK_MAX, onePercent));
    }

    public static long jkm() {
        return JKM;
    }
}
