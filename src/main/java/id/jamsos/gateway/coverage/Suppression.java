package id.jamsos.gateway.coverage;

/**
 * Small-group suppression for the exports that leave the city (the Inpres report, and the
 * {@code coverage-report} files unless the operator says otherwise): a count of 1 or 2 in a village and
 * an occupation and an age band can point at one neighbour, and the money beside it tells their income.
 * A count from 1 to {@code below - 1} is written "&lt;below"; the money of a group that small is written
 * the same way. Zero is written as zero (nobody is identified by an empty cell), totals over every
 * group never (they are the ledger's figures). {@code below} 0 or 1 turns it off.
 *
 * <p>Complementary suppression ({@link #protect}): a single small cell in a line whose total is
 * published would be the total minus the others. In every such line the next-smallest non-zero cells are
 * hidden too (written {@link #COMPLEMENT}) until no small cell's value follows from the total, the shown
 * cells and what the marks say (a "&lt;3" is 1 or 2, an "x" is 3 or more and, chosen smallest first,
 * at most the smallest shown non-zero cell). That is one line; {@link HiddenCells} does the same over a
 * whole table. docs/coverage-reports.md gives the rule and its limits.
 */
public record Suppression(int below) {

    public static final int DEFAULT = 3;
    public static final Suppression NONE = new Suppression(0);
    /** The text of a cell hidden beside a small one: it is not small itself, so "&lt;3" would be untrue. */
    public static final String COMPLEMENT = "x";

    static final byte SHOWN = 0;
    static final byte SMALL = 1;
    static final byte SECONDARY = 2;

    public Suppression {
        if (below < 0) {
            throw new IllegalArgumentException("suppression threshold must not be negative: " + below);
        }
    }

    public boolean hides(long count) {
        return count > 0 && count < below;
    }

    /** True when any count is hidden (threshold 2 or more). */
    public boolean active() {
        return below > 1;
    }

    /** The text written for a suppressed cell, e.g. "<3". */
    public String mark() {
        return "<" + below;
    }

    /** The text of a cell in this state, null when shown. */
    String mark(byte state) {
        return state == SMALL ? mark() : state == SECONDARY ? COMPLEMENT : null;
    }

    /**
     * Makes one line safe: the cells of a figure whose total is published. {@code state} holds per cell
     * {@link #SHOWN}, {@link #SMALL} or {@link #SECONDARY}; cells are added as SECONDARY, the smallest
     * non-zero shown cell first (the first in report order on a tie), while
     * <ul>
     *   <li>exactly one cell of the line is hidden (it would be the total minus the shown cells), or</li>
     *   <li>a small cell's value follows from the hidden cells' sum (the total minus the shown cells), a
     *       small cell being 1..below-1 and a secondary one below or more: two small cells hiding 2 are
     *       1 and 1; a small cell and a secondary hiding below+1 are 1 and below.</li>
     * </ul>
     * A line with no non-zero shown cell left stays as it is (its total tells what it tells).
     *
     * @return true when a cell was added
     */
    boolean protect(long[] values, byte[] state) {
        boolean changed = false;
        while (true) {
            int hidden = 0;
            int small = 0;
            int secondary = 0;
            long sum = 0;
            for (int i = 0; i < values.length; i++) {
                if (state[i] != SHOWN) {
                    hidden++;
                    sum += values[i];
                    if (state[i] == SMALL) {
                        small++;
                    } else {
                        secondary++;
                    }
                }
            }
            // "x" is chosen smallest first, so a reader may take each x to be at most the smallest shown
            // non-zero cell. Where that holds the reader is right and the bound narrows the small cells.
            long least = Long.MAX_VALUE;
            long largestHidden = 0;
            for (int i = 0; i < values.length; i++) {
                if (state[i] == SHOWN && values[i] > 0) {
                    least = Math.min(least, values[i]);
                } else if (state[i] == SECONDARY) {
                    largestHidden = Math.max(largestHidden, values[i]);
                }
            }
            long upper = largestHidden <= least ? least : Long.MAX_VALUE;
            if (hidden == 0 || (hidden > 1 && !determined(small, secondary, sum, upper))) {
                return changed;
            }
            int next = -1;
            for (int i = 0; i < values.length; i++) {
                if (state[i] == SHOWN && values[i] > 0 && (next < 0 || values[i] < values[next])) {
                    next = i;
                }
            }
            if (next < 0) {
                return changed;
            }
            state[next] = SECONDARY;
            changed = true;
        }
    }

    /**
     * Whether a reader can tell a small cell's value: each small cell is in [1, below-1] and each
     * secondary in [below, upper], and all of them add up to {@code sum}. The small cells' ranges are the
     * same, so one is checked: its least value is what is left when the others take their most, its
     * greatest what is left when they take their least.
     *
     * @param upper the most an "x" can be ({@link Long#MAX_VALUE}: no bound)
     */
    boolean determined(int small, int secondary, long sum, long upper) {
        if (small == 0) {
            return false;
        }
        long othersMost = (long) (small - 1) * (below - 1)
                + (secondary == 0 ? 0 : upper >= Long.MAX_VALUE / (2L * secondary) ? Long.MAX_VALUE / 2 : secondary * upper);
        long lo = Math.max(1, sum - othersMost);
        long hi = Math.min(below - 1, sum - (small - 1) - (long) secondary * below);
        return hi <= lo;
    }
}
