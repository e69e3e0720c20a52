package id.jamsos.gateway.eligibility;

import java.util.BitSet;

/**
 * The deciles a programme targets (jamsos.eligibility.targetDeciles): "1-4" (vulnerable-worker
 * programmes: the poorest 40 %), or a list such as "1,2,5-6". Decile 1 is the poorest tenth.
 */
public final class TargetDeciles {

    private final BitSet deciles;
    private final String text;

    private TargetDeciles(BitSet deciles, String text) {
        this.deciles = deciles;
        this.text = text;
    }

    public static TargetDeciles parse(String setting) {
        String s = setting == null ? "" : setting.replace(" ", "");
        BitSet set = new BitSet(11);
        try {
            for (String part : s.split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                int dash = part.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                if (from < 1 || to > 10 || from > to) {
                    throw new NumberFormatException();
                }
                set.set(from, to + 1);
            }
        } catch (NumberFormatException e) {
            set.clear();
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("jamsos.eligibility.targetDeciles must be deciles 1 to 10 such as"
                    + " 1-4 or 1,2,5-6, not " + setting);
        }
        return new TargetDeciles(set, s);
    }

    public boolean contains(int decile) {
        return decile >= 1 && decile <= 10 && deciles.get(decile);
    }

    @Override
    public String toString() {
        return text;
    }
}
