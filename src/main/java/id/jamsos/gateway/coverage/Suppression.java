package id.jamsos.gateway.coverage;

/**
 * Small-group suppression for the exports that leave the city (the Inpres report, and the
 * {@code coverage-report} files unless the operator says otherwise): a count of 1 or 2 in a village and
 * an occupation and an age band can point at one neighbour, and the money beside it tells their income.
 * A count from 1 to {@code below - 1} is written "&lt;below"; the money of a group that small is written
 * the same way. Zero is written as zero (nobody is identified by an empty cell), totals over every
 * group never (they are the ledger's figures). {@code below} 0 or 1 turns it off.
 *
 * <p>Not done: complementary suppression. With one small cell in a row, the total minus the others
 * gives it back; the threshold protects a reader who is not looking for one person, not one who is.
 * docs/coverage-reports.md says so.
 */
public record Suppression(int below) {

    public static final int DEFAULT = 3;
    public static final Suppression NONE = new Suppression(0);

    public Suppression {
        if (below < 0) {
            throw new IllegalArgumentException("suppression threshold must not be negative: " + below);
        }
    }

    public boolean hides(long count) {
        return count > 0 && count < below;
    }

    /** The text written for a suppressed cell, e.g. "<3". */
    public String mark() {
        return "<" + below;
    }
}
