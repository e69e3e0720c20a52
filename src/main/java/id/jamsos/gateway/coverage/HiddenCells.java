package id.jamsos.gateway.coverage;

import id.jamsos.gateway.ledger.EndReason;
import java.time.YearMonth;
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
 * <p>The lines whose totals a reader has: each count column over a month's groups (the month's total
 * line), and a group's ended-by-reason cells (its ended cell, when that is shown). Each line is made safe
 * by {@link Suppression#protect}; a cell hidden for one line may leave another with a single hidden cell,
 * so the lines are gone over again until none changes.
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
        Map<YearMonth, Map<String, byte[]>> state = new HashMap<>();
        for (YearMonth m : months) {
            long[][] v = new long[groups.size()][];
            byte[][] st = new byte[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                v[g] = counts(t.get(m, groups.get(g)));
                st[g] = new byte[COLUMNS];
                for (int c = 0; c < COLUMNS; c++) {
                    st[g][c] = s.hides(v[g][c]) ? Suppression.SMALL : Suppression.SHOWN;
                }
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                // Each column over the groups: its total is the month's total line.
                for (int c = 0; c < COLUMNS; c++) {
                    long[] line = new long[groups.size()];
                    byte[] ls = new byte[groups.size()];
                    for (int g = 0; g < groups.size(); g++) {
                        line[g] = v[g][c];
                        ls[g] = st[g][c];
                    }
                    if (s.protect(line, ls)) {
                        changed = true;
                        for (int g = 0; g < groups.size(); g++) {
                            st[g][c] = ls[g];
                        }
                    }
                }
                // A group's ended by reason: its total is the group's ended, when that is shown.
                for (int g = 0; g < groups.size(); g++) {
                    if (st[g][ENDED] != Suppression.SHOWN) {
                        continue;
                    }
                    long[] line = java.util.Arrays.copyOfRange(v[g], FIRST_REASON, CLAIMS);
                    byte[] ls = java.util.Arrays.copyOfRange(st[g], FIRST_REASON, CLAIMS);
                    if (s.protect(line, ls)) {
                        changed = true;
                        System.arraycopy(ls, 0, st[g], FIRST_REASON, ls.length);
                    }
                }
            }
            Map<String, byte[]> byGroup = new HashMap<>();
            for (int g = 0; g < groups.size(); g++) {
                byGroup.put(groups.get(g), st[g]);
            }
            state.put(m, byGroup);
        }
        return new HiddenCells(s, state);
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
