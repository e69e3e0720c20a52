package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which count cells of one dimension table an export hides: the small ones ({@link Suppression#hides},
 * written "&lt;3") and the ones hidden beside them so that a small one cannot be worked out from a
 * published total (complementary suppression, written {@link Suppression#COMPLEMENT}). The money beside
 * a count follows it: the spent of a group whose active count is hidden, the claims' rupiah of a group
 * whose claim count is hidden.
 *
 * <p>The reader is given every equation the table makes over all its months at once ({@link Table}: the
 * month's total lines, each group's reasons under its ended, and each group's active count from the month
 * before) and the marks' ranges; cells are hidden until no small cell has a single value left
 * (docs/coverage-reports.md, "Small groups").
 */
public final class HiddenCells {

    /** The count columns, in {@link CoverageExports#CSV_COLUMNS} order: active, started, ended, per reason, claims. */
    static final int ACTIVE = 0;
    static final int STARTED = 1;
    static final int ENDED = 2;
    static final int FIRST_REASON = 3;
    static final int CLAIMS = FIRST_REASON + EndReason.values().length;
    static final int COLUMNS = CLAIMS + 1;

    private static final HiddenCells NONE = new HiddenCells(Suppression.NONE, Map.of());

    private final Suppression suppression;
    private final Map<YearMonth, Map<String, byte[]>> state;

    private HiddenCells(Suppression suppression, Map<YearMonth, Map<String, byte[]>> state) {
        this.suppression = suppression;
        this.state = state;
    }

    /** The cells of {@code t} to hide in {@code months} under {@code s}. */
    public static HiddenCells of(CoverageReport.Table t, List<YearMonth> months, Suppression s) {
        if (!s.active()) {
            return NONE;
        }
        List<String> groups = t.groups();
        int gs = groups.size();
        long[] v = new long[months.size() * gs * COLUMNS];
        for (int m = 0; m < months.size(); m++) {
            for (int g = 0; g < gs; g++) {
                System.arraycopy(counts(t.get(months.get(m), groups.get(g))), 0, v, (m * gs + g) * COLUMNS, COLUMNS);
            }
        }
        byte[] st = new Table(v, months.size(), gs).protect(s);
        Map<YearMonth, Map<String, byte[]>> state = new HashMap<>();
        for (int m = 0; m < months.size(); m++) {
            Map<String, byte[]> byGroup = new HashMap<>();
            for (int g = 0; g < gs; g++) {
                int at = (m * gs + g) * COLUMNS;
                byGroup.put(groups.get(g), Arrays.copyOfRange(st, at, at + COLUMNS));
            }
            state.put(months.get(m), byGroup);
        }
        return new HiddenCells(s, state);
    }

    /**
     * One dimension's count cells over every month at once ({@code v[(month * groups + group) * COLUMNS +
     * column]}) and the lines a reader has over them: each a sum of cells, each with sign +1 or -1, equal
     * to a known number.
     * <ul>
     *   <li>a column over a month's groups = the month's total (the {@code JUMLAH / TOTAL} line);</li>
     *   <li>a group's ended by reason - its ended = 0 (whether its ended is shown or not);</li>
     *   <li>a group's active(m) - active(m-1) - started(m) + ended(m-1) = 0: a worker's village, trade,
     *       sex, funding and agency do not change between months of one report, so every group's count
     *       follows from the month before. Added only where it holds (an age band moves at a new year).</li>
     * </ul>
     */
    static final class Table {

        /** Larger than any count: the "no upper bound" of an "x". */
        static final long UNBOUNDED = 1L << 40;

        final long[] v;
        final int months;
        final int groups;
        final List<int[]> cells = new ArrayList<>();
        final List<int[]> signs = new ArrayList<>();
        final List<Long> known = new ArrayList<>();
        /** Whether line i is a column over a month's groups (where "x" is next-smallest). */
        final List<Boolean> column = new ArrayList<>();
        int[][] linesOf;

        Table(long[] v, int months, int groups) {
            this.v = v;
            this.months = months;
            this.groups = groups;
            for (int m = 0; m < months; m++) {
                for (int c = 0; c < COLUMNS; c++) {
                    int[] line = new int[groups];
                    long total = 0;
                    for (int g = 0; g < groups; g++) {
                        line[g] = at(m, g, c);
                        total += v[line[g]];
                    }
                    add(line, null, total, true);
                }
                for (int g = 0; g < groups; g++) {
                    int[] line = new int[CLAIMS - FIRST_REASON + 1];
                    int[] sign = new int[line.length];
                    for (int c = FIRST_REASON; c < CLAIMS; c++) {
                        line[c - FIRST_REASON] = at(m, g, c);
                        sign[c - FIRST_REASON] = 1;
                    }
                    line[line.length - 1] = at(m, g, ENDED);
                    sign[line.length - 1] = -1;
                    add(line, sign, 0, false);
                    if (m > 0) {
                        int[] month = {at(m, g, ACTIVE), at(m - 1, g, ACTIVE), at(m, g, STARTED), at(m - 1, g, ENDED)};
                        int[] ms = {1, -1, -1, 1};
                        if (v[month[0]] - v[month[1]] - v[month[2]] + v[month[3]] == 0) {
                            add(month, ms, 0, false);
                        }
                    }
                }
            }
            List<List<Integer>> of = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                of.add(new ArrayList<>(3));
            }
            for (int l = 0; l < cells.size(); l++) {
                for (int cell : cells.get(l)) {
                    of.get(cell).add(l);
                }
            }
            linesOf = new int[v.length][];
            for (int i = 0; i < v.length; i++) {
                linesOf[i] = of.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
        }

        int at(int m, int g, int c) {
            return (m * groups + g) * COLUMNS + c;
        }

        private void add(int[] line, int[] sign, long total, boolean isColumn) {
            if (sign == null) {
                sign = new int[line.length];
                Arrays.fill(sign, 1);
            }
            cells.add(line);
            signs.add(sign);
            known.add(total);
            column.add(isColumn);
        }

        /**
         * The state of every cell: small ones, then complements added (the smallest non-zero shown cell of
         * a line through a small cell the reader can tell) until no small cell's value follows from all
         * the lines together, or a small cell's lines have nothing left to hide.
         */
        byte[] protect(Suppression s) {
            byte[] st = new byte[v.length];
            byte[] all = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                st[i] = s.hides(v[i]) ? Suppression.SMALL : Suppression.SHOWN;
                all[i] = st[i] == Suppression.SMALL || v[i] == 0 ? st[i] : Suppression.SECONDARY;
            }
            // What the totals alone give away (every non-zero cell hidden): nothing to hide helps those.
            long[][] bare = ranges(all, s.below());
            boolean[] exhausted = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                exhausted[i] = st[i] == Suppression.SMALL && bare[0][i] == bare[1][i];
            }
            while (true) {
                long[][] range = ranges(st, s.below());
                boolean changed = false;
                for (int i = 0; i < v.length; i++) {
                    if (st[i] != Suppression.SMALL || exhausted[i] || range[0][i] < range[1][i]) {
                        continue;
                    }
                    int next = nearestShown(i, st);
                    if (next < 0) {
                        exhausted[i] = true;
                    } else {
                        st[next] = Suppression.SECONDARY;
                        changed = true;
                    }
                }
                if (!changed) {
                    return st;
                }
            }
        }

        /**
         * The cell to hide for a small cell the reader can tell: the smallest non-zero shown cell of the
         * line through it with the fewest hidden cells; when its lines have none, of the lines through the
         * hidden cells that tell it (the month before, the reasons), the nearest first. -1 when none.
         */
        private int nearestShown(int small, byte[] st) {
            boolean[] seen = new boolean[v.length];
            List<Integer> level = List.of(small);
            seen[small] = true;
            while (!level.isEmpty()) {
                int best = -1;
                int fewest = Integer.MAX_VALUE;
                List<Integer> further = new ArrayList<>();
                for (int cell : level) {
                    for (int l : linesOf[cell]) {
                        int next = -1;
                        int hidden = 0;
                        for (int c : cells.get(l)) {
                            if (st[c] != Suppression.SHOWN) {
                                hidden++;
                                if (!seen[c]) {
                                    seen[c] = true;
                                    further.add(c);
                                }
                            } else if (v[c] > 0 && (next < 0 || v[c] < v[next])) {
                                next = c;
                            }
                        }
                        if (next >= 0 && hidden < fewest) {
                            fewest = hidden;
                            best = next;
                        }
                    }
                }
                if (best >= 0) {
                    return best;
                }
                level = further;
            }
            return -1;
        }

        /**
         * What a reader can tell of each cell: {lowest, highest}. A shown cell is its value, a small one 1
         * to below-1, an "x" below or more, and not more than the smallest shown non-zero cell of its
         * column line when it is not (the reader who knows "x" is chosen smallest first; applied where
         * that guess is right, the only case in which it tells the reader anything true). Then every line
         * narrows each of its cells to what the others leave, over and over until nothing changes.
         */
        long[][] ranges(byte[] st, int below) {
            long[] lo = new long[v.length];
            long[] hi = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                lo[i] = st[i] == Suppression.SHOWN ? v[i] : st[i] == Suppression.SMALL ? 1 : below;
                hi[i] = st[i] == Suppression.SHOWN ? v[i] : st[i] == Suppression.SMALL ? below - 1 : UNBOUNDED;
            }
            for (int l = 0; l < cells.size(); l++) {
                if (!column.get(l)) {
                    continue;
                }
                long least = UNBOUNDED;
                for (int c : cells.get(l)) {
                    if (st[c] == Suppression.SHOWN && v[c] > 0) {
                        least = Math.min(least, v[c]);
                    }
                }
                for (int c : cells.get(l)) {
                    if (st[c] == Suppression.SECONDARY && v[c] <= least) {
                        hi[c] = Math.min(hi[c], least);
                    }
                }
            }
            java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
            boolean[] queued = new boolean[cells.size()];
            for (int l = 0; l < cells.size(); l++) {
                work.add(l);
                queued[l] = true;
            }
            while (!work.isEmpty()) {
                int l = work.poll();
                queued[l] = false;
                int[] line = cells.get(l);
                int[] sign = signs.get(l);
                long min = 0;
                long max = 0;
                for (int k = 0; k < line.length; k++) {
                    min += sign[k] > 0 ? lo[line[k]] : -hi[line[k]];
                    max += sign[k] > 0 ? hi[line[k]] : -lo[line[k]];
                }
                for (int k = 0; k < line.length; k++) {
                    int c = line[k];
                    if (lo[c] == hi[c]) {
                        continue;
                    }
                    // sign * cell = known - (the others), the others between restMin and restMax.
                    long restMin = min - (sign[k] > 0 ? lo[c] : -hi[c]);
                    long restMax = max - (sign[k] > 0 ? hi[c] : -lo[c]);
                    long a = sign[k] > 0 ? known.get(l) - restMax : restMin - known.get(l);
                    long b = sign[k] > 0 ? known.get(l) - restMin : restMax - known.get(l);
                    boolean narrowed = false;
                    if (a > lo[c] && a < UNBOUNDED / 2) {
                        lo[c] = a;
                        narrowed = true;
                    }
                    if (b < hi[c] && b < UNBOUNDED / 2) {
                        hi[c] = b;
                        narrowed = true;
                    }
                    if (narrowed) {
                        for (int other : linesOf[c]) {
                            if (!queued[other]) {
                                queued[other] = true;
                                work.add(other);
                            }
                        }
                        // This line's own min and max moved too: go over it again later.
                    }
                }
            }
            return new long[][] {lo, hi};
        }
    }

    /** The count columns of one group's figures. */
    static long[] counts(Figures f) {
        long[] v = new long[COLUMNS];
        v[ACTIVE] = f.active();
        v[STARTED] = f.started();
        v[ENDED] = f.ended();
        EndReason[] reasons = EndReason.values();
        for (int i = 0; i < reasons.length; i++) {
            v[FIRST_REASON + i] = f.ended(reasons[i]);
        }
        v[CLAIMS] = f.claims();
        return v;
    }

    /** What is written instead of the cell ("&lt;3", "x"), or null when it is shown. */
    public String mark(YearMonth m, String group, int column) {
        Map<String, byte[]> byGroup = state.get(m);
        byte[] st = byGroup == null ? null : byGroup.get(group);
        return st == null ? null : suppression.mark(st[column]);
    }

    /** True when the group's active count is hidden in the month (either way). */
    public boolean hidesActive(YearMonth m, String group) {
        return mark(m, group, ACTIVE) != null;
    }
}
