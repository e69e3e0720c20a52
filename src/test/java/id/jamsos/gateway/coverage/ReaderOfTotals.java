package id.jamsos.gateway.coverage;

/**
 * A reader who sets out to find a small group: knows a line's total, its shown cells, and what the
 * marks mean ("&lt;below" is 1..below-1, "x" is below or more), and tries every value of each small
 * cell. Written apart from {@link Suppression#protect}, by trying values rather than by its formula.
 */
final class ReaderOfTotals {

    private ReaderOfTotals() {
    }

    /** True when some small cell has only one value the line allows. */
    static boolean recoverable(long[] values, byte[] state, int below) {
        long hiddenSum = 0;
        int small = 0;
        int secondary = 0;
        for (int i = 0; i < values.length; i++) {
            if (state[i] != Suppression.SHOWN) {
                hiddenSum += values[i];
                if (state[i] == Suppression.SMALL) {
                    small++;
                } else {
                    secondary++;
                }
            }
        }
        if (small == 0) {
            return false;
        }
        int possible = 0;
        for (long v = 1; v < below; v++) {
            if (othersCanMake(hiddenSum - v, small - 1, secondary, below)) {
                possible++;
            }
        }
        return possible <= 1;
    }

    /** Whether {@code small} cells of 1..below-1 and {@code secondary} cells of below.. can add up to {@code sum}. */
    private static boolean othersCanMake(long sum, int small, int secondary, int below) {
        if (small == 0 && secondary == 0) {
            return sum == 0;
        }
        if (small > 0) {
            for (long v = 1; v < below; v++) {
                if (othersCanMake(sum - v, small - 1, secondary, below)) {
                    return true;
                }
            }
            return false;
        }
        return sum >= (long) secondary * below;
    }
}
