package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.RowRejection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The PENGHASILAN rule: whole rupiah as clerks write it ("1000000", "1.000.000", "Rp 1.000.000",
 * "Rp1.000.000,-", "1.000.000,00"); empty means the configured default.
 */
public final class Incomes {

    public static final String FIELD = "PENGHASILAN";
    /** Far above any informal worker's monthly income; guards against pasted NIKs and overflow. */
    public static final long MAX = 1_000_000_000_000L;

    private static final Pattern CURRENCY = Pattern.compile("^(?i)(rp\\.?|idr)\\s*");
    private static final Pattern PLAIN = Pattern.compile("\\d+");
    private static final Pattern DOT_GROUPS = Pattern.compile("\\d{1,3}(\\.\\d{3})+");
    private static final Pattern COMMA_GROUPS = Pattern.compile("\\d{1,3}(,\\d{3})+");
    /** Zero cents or the ",-" Indonesian price tail; anything else is not whole rupiah. */
    private static final Pattern WHOLE_TAIL = Pattern.compile("(,0{1,2}|,-|\\.0{1,2})$");

    private Incomes() {
    }

    /** The income, or -1 (and a reason added) when refused. */
    public static long parse(String raw, long defaultIncome, List<RowRejection> rejections) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            return defaultIncome;
        }
        String body = CURRENCY.matcher(s).replaceFirst("").replaceAll("[\\s\\u00A0]", "");
        boolean negative = body.startsWith("-") || (body.startsWith("(") && body.endsWith(")"));
        if (negative) {
            rejections.add(new RowRejection(FIELD, "INCOME_NEGATIVE", "PENGHASILAN tidak boleh negatif",
                    "PENGHASILAN must not be negative"));
            return -1;
        }
        String digits = wholeRupiah(WHOLE_TAIL.matcher(body).replaceFirst(""));
        if (digits == null || digits.length() > 13 || Long.parseLong(digits) > MAX) {
            rejections.add(new RowRejection(FIELD, "INCOME_INVALID",
                    "PENGHASILAN harus angka rupiah bulat, misalnya 1.000.000",
                    "PENGHASILAN must be whole rupiah, e.g. 1.000.000"));
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static String wholeRupiah(String s) {
        if (PLAIN.matcher(s).matches()) {
            return s;
        }
        if (DOT_GROUPS.matcher(s).matches()) {
            return s.replace(".", "");
        }
        if (COMMA_GROUPS.matcher(s).matches()) {
            return s.replace(",", "");
        }
        return null;
    }
}
