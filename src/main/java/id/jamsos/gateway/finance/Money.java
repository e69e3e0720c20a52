package id.jamsos.gateway.finance;

/** Whole rupiah as people read them: 3.898.137.600 (Indonesian thousands separator). */
public final class Money {

    private Money() {
    }

    public static String format(long rupiah) {
        String digits = Long.toString(Math.abs(rupiah));
        StringBuilder out = new StringBuilder();
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append('.').append(digits, i, i + 3);
        }
        return (rupiah < 0 ? "-" : "") + out;
    }
}
