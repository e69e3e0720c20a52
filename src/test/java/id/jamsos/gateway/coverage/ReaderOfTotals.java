package id.jamsos.gateway.coverage;

import java.util.ArrayList;
import java.util.List;

/**
 * A reader who sets out to find a small group: knows a line's total, its shown cells, and what the
 * marks mean ("&lt;below" is 1..below-1, "x" is below or more and, as "x" is chosen smallest first, at
 * most the smallest shown non-zero cell of its line), and tries every value of each small cell. Written
 * apart from {@link Suppression#protect} and {@link HiddenCells}, by trying values and by going over
 * every equation again and again rather than by their formulas and work lists.
 *
 * <p>The bound on an "x" is applied only to the cells it is true of: a reader who guesses it for the
 * others would be wrong, and a wrong value gives nobody away.
 */
final class ReaderOfTotals {

    static final long NO_BOUND = 1L << 40;

    private ReaderOfTotals() {
    }

    /** True when some small cell has only one value the line (a total over its cells) allows. */
    static boolean recoverable(long[] values, byte[] state, int below) {
        long least = NO_BOUND;
        for (int i = 0; i < values.length; i++) {
            if (state[i] == Suppression.SHOWN && values[i] > 0) {
                least = Math.min(least, values[i]);
            }
        }
        long hiddenSum = 0;
        int small = 0;
        long secondaryLeast = 0;
        long secondaryMost = 0;
        for (int i = 0; i < values.length; i++) {
            if (state[i] != Suppression.SHOWN) {
                hiddenSum += values[i];
                if (state[i] == Suppression.SMALL) {
                    small++;
                } else {
                    secondaryLeast += below;
                    secondaryMost += values[i] <= least ? least : NO_BOUND;
                }
            }
        }
        if (small == 0) {
            return false;
        }
        int possible = 0;
        for (long v = 1; v < below; v++) {
            if (othersCanMake(hiddenSum - v, small - 1, secondaryLeast, secondaryMost, below)) {
                possible++;
            }
        }
        return possible <= 1;
    }

    /** Whether {@code small} cells of 1..below-1 and the "x" cells (together least..most) can add up to {@code sum}. */
    private static boolean othersCanMake(long sum, int small, long least, long most, int below) {
        if (small > 0) {
            for (long v = 1; v < below; v++) {
                if (othersCanMake(sum - v, small - 1, least, most, below)) {
                    return true;
                }
            }
            return false;
        }
        return sum >= least && sum <= Math.min(most, NO_BOUND);
    }

    /**
     * A whole table of one dimension, {@code values[month][group][column]} in {@link HiddenCells} column
     * order, as published ({@code state}, same shape). The reader writes down every equation the report
     * gives: each column over a month's groups equals the month's total; each group's ended by reason add
     * up to its ended; and, with {@code monthToMonth}, active(m) = active(m-1) + started(m) - ended(m-1)
     * for every group (its village, trade, ... do not change). Then narrows every hidden cell's range from
     * each equation in turn until none narrows.
     *
     * @return the small cells whose value the reader has, as "month group column = value"
     */
    static List<String> recoverableInTable(long[][][] values, byte[][][] state, int below, boolean monthToMonth) {
        int months = values.length;
        int groups = values[0].length;
        int columns = HiddenCells.COLUMNS;
        long[][][] lo = new long[months][groups][columns];
        long[][][] hi = new long[months][groups][columns];
        for (int m = 0; m < months; m++) {
            for (int g = 0; g < groups; g++) {
                for (int c = 0; c < columns; c++) {
                    byte s = state[m][g][c];
                    lo[m][g][c] = s == Suppression.SHOWN ? values[m][g][c] : s == Suppression.SMALL ? 1 : below;
                    hi[m][g][c] = s == Suppression.SHOWN ? values[m][g][c] : s == Suppression.SMALL ? below - 1 : NO_BOUND;
                }
            }
        }
        // Equations as lists of {month, group, column, sign}, with their right-hand sides.
        List<int[][]> equations = new ArrayList<>();
        List<Long> rhs = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            for (int c = 0; c < columns; c++) {
                int[][] e = new int[groups][];
                long total = 0;
                long least = NO_BOUND;
                for (int g = 0; g < groups; g++) {
                    e[g] = new int[] {m, g, c, 1};
                    total += values[m][g][c];
                    if (state[m][g][c] == Suppression.SHOWN && values[m][g][c] > 0) {
                        least = Math.min(least, values[m][g][c]);
                    }
                }
                for (int g = 0; g < groups; g++) {
                    if (state[m][g][c] == Suppression.SECONDARY && values[m][g][c] <= least) {
                        hi[m][g][c] = least;
                    }
                }
                equations.add(e);
                rhs.add(total);
            }
            for (int g = 0; g < groups; g++) {
                List<int[]> e = new ArrayList<>();
                for (int c = HiddenCells.FIRST_REASON; c < HiddenCells.CLAIMS; c++) {
                    e.add(new int[] {m, g, c, 1});
                }
                e.add(new int[] {m, g, HiddenCells.ENDED, -1});
                equations.add(e.toArray(new int[0][]));
                rhs.add(0L);
                if (monthToMonth && m > 0) {
                    equations.add(new int[][] {{m, g, HiddenCells.ACTIVE, 1}, {m - 1, g, HiddenCells.ACTIVE, -1},
                        {m, g, HiddenCells.STARTED, -1}, {m - 1, g, HiddenCells.ENDED, 1}});
                    rhs.add(0L);
                }
            }
        }
        boolean narrowed = true;
        while (narrowed) {
            narrowed = false;
            for (int i = 0; i < equations.size(); i++) {
                int[][] e = equations.get(i);
                for (int[] target : e) {
                    // sign * target = rhs - sum of the others' sign * value
                    long othersLeast = 0;
                    long othersMost = 0;
                    for (int[] other : e) {
                        if (other == target) {
                            continue;
                        }
                        long l = lo[other[0]][other[1]][other[2]];
                        long h = hi[other[0]][other[1]][other[2]];
                        othersLeast += other[3] > 0 ? l : -h;
                        othersMost += other[3] > 0 ? h : -l;
                    }
                    long from = target[3] > 0 ? rhs.get(i) - othersMost : othersLeast - rhs.get(i);
                    long to = target[3] > 0 ? rhs.get(i) - othersLeast : othersMost - rhs.get(i);
                    long[] l = lo[target[0]][target[1]];
                    long[] h = hi[target[0]][target[1]];
                    if (from > l[target[2]] && Math.abs(from) < NO_BOUND / 2) {
                        l[target[2]] = from;
                        narrowed = true;
                    }
                    if (to < h[target[2]] && Math.abs(to) < NO_BOUND / 2) {
                        h[target[2]] = to;
                        narrowed = true;
                    }
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            for (int g = 0; g < groups; g++) {
                for (int c = 0; c < columns; c++) {
                    if (lo[m][g][c] > values[m][g][c] || hi[m][g][c] < values[m][g][c]) {
                        throw new AssertionError("the reader's equations do not hold at " + m + " " + g + " " + c);
                    }
                    if (state[m][g][c] == Suppression.SMALL && lo[m][g][c] == hi[m][g][c]) {
                        found.add(m + " " + g + " " + c + " = " + lo[m][g][c]);
                    }
                }
            }
        }
        return found;
    }

    /** The table as {@link #recoverableInTable} reads it: its true counts, and what {@code hidden} writes. */
    static long[][][] values(CoverageReport.Table t, List<java.time.YearMonth> months) {
        long[][][] v = new long[months.size()][][];
        List<String> groups = t.groups();
        for (int m = 0; m < months.size(); m++) {
            v[m] = new long[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                v[m][g] = HiddenCells.counts(t.get(months.get(m), groups.get(g)));
            }
        }
        return v;
    }

    static byte[][][] published(CoverageReport.Table t, List<java.time.YearMonth> months, HiddenCells hidden) {
        List<String> groups = t.groups();
        byte[][][] st = new byte[months.size()][groups.size()][HiddenCells.COLUMNS];
        for (int m = 0; m < months.size(); m++) {
            for (int g = 0; g < groups.size(); g++) {
                for (int c = 0; c < HiddenCells.COLUMNS; c++) {
                    String mark = hidden.mark(months.get(m), groups.get(g), c);
                    st[m][g][c] = mark == null ? Suppression.SHOWN
                            : mark.equals(Suppression.COMPLEMENT) ? Suppression.SECONDARY : Suppression.SMALL;
                }
            }
        }
        return st;
    }
}
