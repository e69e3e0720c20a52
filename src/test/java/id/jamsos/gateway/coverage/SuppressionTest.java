package id.jamsos.gateway.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.EndReason;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Complementary suppression of one line (a figure's groups whose total is published) and of a whole table. */
class SuppressionTest {

    private final Suppression s = new Suppression(Suppression.DEFAULT);

    private byte[] primary(long[] values) {
        byte[] state = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            state[i] = s.hides(values[i]) ? Suppression.SMALL : Suppression.SHOWN;
        }
        return state;
    }

    @Test
    void aSingleSmallCellTakesTheNextSmallestWithIt() {
        // Total 30 published: with only the 2 hidden, 30 - 10 - 5 - 13 = 2 gave it back.
        long[] v = {10, 2, 5, 13};
        byte[] state = primary(v);
        assertThat(s.protect(v, state)).isTrue();
        assertThat(state).containsExactly(Suppression.SHOWN, Suppression.SMALL, Suppression.SECONDARY,
                Suppression.SHOWN);
        assertThat(ReaderOfTotals.recoverable(v, state, 3)).isFalse();
    }

    @Test
    void aSmallAndASecondaryThatStillTellTakeAThird() {
        // 1 and 3 hide 4: "<3" is 1 or 2, "x" 3 or more, so the 1 would follow. A third cell goes too.
        long[] v = {1, 3, 7, 9};
        byte[] state = primary(v);
        s.protect(v, state);
        assertThat(state).containsExactly(Suppression.SMALL, Suppression.SECONDARY, Suppression.SECONDARY,
                Suppression.SHOWN);
        assertThat(ReaderOfTotals.recoverable(v, state, 3)).isFalse();
    }

    @Test
    void twoSmallCellsHidingTwoAreOneAndOne() {
        long[] v = {1, 1, 8, 40};
        byte[] state = primary(v);
        s.protect(v, state);
        assertThat(state[2]).isEqualTo(Suppression.SECONDARY);
        assertThat(state[3]).isEqualTo(Suppression.SHOWN);
        assertThat(ReaderOfTotals.recoverable(v, state, 3)).isFalse();
        // 1 and 2 hide 3: either could be the 1; nothing more is hidden.
        long[] w = {1, 2, 8};
        byte[] ws = primary(w);
        assertThat(s.protect(w, ws)).isFalse();
        assertThat(ws[2]).isEqualTo(Suppression.SHOWN);
    }

    @Test
    void zerosAreNeverHiddenAndALineWithNothingElseStaysAsItIs() {
        long[] v = {0, 2, 0};
        byte[] state = primary(v);
        assertThat(s.protect(v, state)).isFalse();
        assertThat(state).containsExactly(Suppression.SHOWN, Suppression.SMALL, Suppression.SHOWN);
        long[] none = {4, 0, 9};
        byte[] ns = primary(none);
        assertThat(s.protect(none, ns)).isFalse();
        assertThat(ns).containsOnly(Suppression.SHOWN);
    }

    @Test
    void aLoneSecondaryCellTakesAnother() {
        // A cell hidden for another line (a group's ended by reason) alone in this one: the total gives it.
        long[] v = {5, 7, 20};
        byte[] state = {Suppression.SHOWN, Suppression.SECONDARY, Suppression.SHOWN};
        assertThat(s.protect(v, state)).isTrue();
        assertThat(state).containsExactly(Suppression.SECONDARY, Suppression.SECONDARY, Suppression.SHOWN);
    }

    @Test
    void offMeansNothingHidden() {
        assertThat(Suppression.NONE.active()).isFalse();
        long[] v = {1, 9};
        byte[] state = new byte[2];
        assertThat(Suppression.NONE.protect(v, state)).isFalse();
    }
    @Test
    void anXIsAtMostTheSmallestShownCellSoItMustNotTieWithOne() {
        // "x" is the next-smallest cell: {2,10,10,40} written "<3 x 10 40" hides 12 with x <= 10, so "<3" = 2.
        long[] bare = {2, 10, 10, 40};
        assertThat(ReaderOfTotals.recoverable(bare, new byte[] {Suppression.SMALL, Suppression.SECONDARY,
            Suppression.SHOWN, Suppression.SHOWN}, 3)).isTrue();
        for (long[] v : new long[][] {{2, 10, 10, 40}, {2, 3, 3, 50}, {2, 4, 4, 9}}) {
            byte[] state = primary(v);
            s.protect(v, state);
            assertThat(ReaderOfTotals.recoverable(v, state, 3)).as("%s", java.util.Arrays.toString(v)).isFalse();
            assertThat(state[2]).isEqualTo(Suppression.SECONDARY);
        }
    }

    private static Figures figures(long active, long started, EndReason reason, long ended) {
        Figures f = new Figures();
        f.addActive(active, active * 16_800);
        f.addStarted(started);
        if (ended > 0) {
            f.addEnded(reason, ended);
        }
        return f;
    }

    private static List<String> read(CoverageReport.Table t, List<YearMonth> months) {
        HiddenCells hidden = HiddenCells.of(t, months, new Suppression(Suppression.DEFAULT));
        return ReaderOfTotals.recoverableInTable(ReaderOfTotals.values(t, months),
                ReaderOfTotals.published(t, months, hidden), Suppression.DEFAULT, true);
    }

    @Test
    void aSmallCellDoesNotFollowFromTheMonthBefore() {
        // Village V: January 5 active, 3 of them ended; February nobody started, 2 active. Month by month,
        // February's "<3" was 5 + 0 - 3.
        YearMonth jan = YearMonth.of(2026, 1);
        YearMonth feb = YearMonth.of(2026, 2);
        Map<YearMonth, Map<String, Figures>> months = new TreeMap<>();
        months.put(jan, new HashMap<>(Map.of("V", figures(5, 0, EndReason.MOVED, 3), "W", figures(30, 0, null, 0),
                "X", figures(40, 0, null, 0))));
        months.put(feb, new HashMap<>(Map.of("V", figures(2, 0, null, 0), "W", figures(30, 0, null, 0),
                "X", figures(40, 0, null, 0))));
        CoverageReport.Table t = new CoverageReport.Table(Dimension.KELURAHAN, months);
        HiddenCells hidden = HiddenCells.of(t, List.of(jan, feb), s);
        assertThat(hidden.mark(feb, "V", HiddenCells.ACTIVE)).isEqualTo("<3");
        assertThat(read(t, List.of(jan, feb))).isEmpty();
        // A death is the difference of two active counts: 12 then 11 where nothing started (W's two deaths
        // beside it, so that the month's total of deaths alone does not tell whose they were).
        months.put(jan, new HashMap<>(Map.of("V", figures(12, 0, EndReason.DIED, 1), "W", figures(30, 0, EndReason.DIED, 2),
                "X", figures(40, 0, null, 0))));
        months.put(feb, new HashMap<>(Map.of("V", figures(11, 0, null, 0), "W", figures(28, 0, null, 0),
                "X", figures(40, 0, null, 0))));
        assertThat(read(t, List.of(jan, feb))).isEmpty();
    }

    @Test
    void aHiddenEndedDoesNotFollowFromItsReasons() {
        // A ended 1 (died), B ended 4 (all OTHER_PAYER): B's ended is the x beside A's; its one reason was 4.
        YearMonth feb = YearMonth.of(2026, 2);
        Map<String, Figures> g = new HashMap<>();
        g.put("A", figures(40, 5, EndReason.DIED, 1));
        g.put("B", figures(50, 5, EndReason.OTHER_PAYER, 4));
        // C's deaths beside A's: one death alone in the month would be the DIED total (the limit, docs).
        Figures c = figures(60, 5, EndReason.WITHDRAWN, 10);
        c.addEnded(EndReason.DIED, 2);
        g.put("C", c);
        g.put("D", figures(70, 5, EndReason.MOVED, 20));
        CoverageReport.Table t = new CoverageReport.Table(Dimension.KELURAHAN, new TreeMap<>(Map.of(feb, g)));
        HiddenCells hidden = HiddenCells.of(t, List.of(feb), s);
        assertThat(hidden.mark(feb, "A", HiddenCells.ENDED)).isEqualTo("<3");
        assertThat(read(t, List.of(feb))).isEmpty();
    }

    @Test
    void anInpresRowWithAHiddenCellHidesItsOtherCounts() {
        // covered during 5, at the end 2, ended 3: "at the end" is at least 5 - 3. All of the row goes.
        long[][] counts = {{5, 40, 30}, {2, 37, 30}, {0, 4, 2}, {3, 7, 2}, {0, 1, 2}};
        byte[][] state = InpresReport.hide(counts, s);
        for (int c = 0; c < 4; c++) {
            assertThat(state[c][0] != Suppression.SHOWN || counts[c][0] == 0).as("column %d", c).isTrue();
        }
        for (int c = 0; c < counts.length; c++) {
            assertThat(ReaderOfTotals.recoverable(counts[c], state[c], 3)).as("column %d", c).isFalse();
        }
    }
}
