package id.jamsos.gateway.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Complementary suppression of one line (a figure's groups whose total is published). */
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
}
