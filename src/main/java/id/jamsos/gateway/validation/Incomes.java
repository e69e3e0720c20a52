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

    /*
     * The rule as patterns; an ASCII cell (nearly all of them) is read by hand with the same result,
     * and these are used only for a cell with other characters.
     */
    private static final Pattern CURRENCY = Pattern.compile("^(?i)(rp\\.?|idr)\\s*");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0]");
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
        if (isAscii(s)) {
            return parseAscii(s, rejections);
        }
        String body = SPACES.matcher(CURRENCY.matcher(s).replaceFirst("")).replaceAll("");
        boolean negative = body.startsWith("-") || (body.startsWith("(") && body.endsWith(")"));
        if (negative) {
            rejections.add(new RowRejection(FIELD, "INCOME_NEGATIVE", "PENGHASILAN tidak boleh negatif",
                    "PENGHASILAN must not be negative"));
            return -1;
        }
        String digits = wholeRupiah(WHOLE_TAIL.matcher(body).replaceFirst(""));
        if (digits == null || digits.length() > 13 || Long.parseLong(digits) > MAX) {
            return invalid(rejections);
        }
        return Long.parseLong(digits);
    }

    /**
     * The same rule for an ASCII cell, read in one buffer: CURRENCY is an "rp", "rp." or "idr"
     * prefix in any case, SPACES the six ASCII whitespace characters, and WHOLE_TAIL (no line
     * break is left for {@code $} to stop before) the leftmost of ",00"/".00" or ",0"/".0"/",-"
     * that ends the text.
     */
    private static long parseAscii(String s, List<RowRejection> rejections) {
        int from = 0;
        if (s.regionMatches(true, 0, "rp", 0, 2)) {
            from = s.length() > 2 && s.charAt(2) == '.' ? 3 : 2;
        } else if (s.regionMatches(true, 0, "idr", 0, 3)) {
            from = 3;
        }
        char[] b = new char[s.length() - from];
        int n = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && (c < '\t' || c > '\r')) {
                b[n++] = c;
            }
        }
        if (n > 0 && (b[0] == '-' || (b[0] == '(' && b[n - 1] == ')'))) {
            rejections.add(new RowRejection(FIELD, "INCOME_NEGATIVE", "PENGHASILAN tidak boleh negatif",
                    "PENGHASILAN must not be negative"));
            return -1;
        }
        if (n >= 3 && (b[n - 3] == ',' || b[n - 3] == '.') && b[n - 2] == '0' && b[n - 1] == '0') {
            n -= 3;
        } else if (n >= 2 && ((b[n - 2] == ',' && (b[n - 1] == '0' || b[n - 1] == '-'))
                || (b[n - 2] == '.' && b[n - 1] == '0'))) {
            n -= 2;
        }
        int digits = 0;
        long value = 0;
        boolean whole = isDigits(b, 0, n) || isGrouped(b, n, '.') || isGrouped(b, n, ',');
        if (whole) {
            for (int i = 0; i < n; i++) {
                if (b[i] >= '0' && b[i] <= '9') {
                    if (++digits <= 13) {
                        value = value * 10 + (b[i] - '0');
                    }
                }
            }
        }
        if (!whole || digits > 13 || value > MAX) {
            return invalid(rejections);
        }
        return value;
    }

    private static long invalid(List<RowRejection> rejections) {
        rejections.add(new RowRejection(FIELD, "INCOME_INVALID",
                "PENGHASILAN harus angka rupiah bulat, misalnya 1.000.000",
                "PENGHASILAN must be whole rupiah, e.g. 1.000.000"));
        return -1;
    }

    /** {@code b[0, n)} is a first group of 1-3 digits, then one or more groups of exactly 3, each after {@code sep}. */
    private static boolean isGrouped(char[] b, int n, char sep) {
        int first = 0;
        while (first < n && b[first] != sep) {
            first++;
        }
        if (first < 1 || first > 3 || first == n || !isDigits(b, 0, first)) {
            return false;
        }
        for (int i = first; i < n; i += 4) {
            if (b[i] != sep || i + 4 > n || !isDigits(b, i + 1, i + 4)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(char[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code \d+}, {@code \d{1,3}(\.\d{3})+} or {@code \d{1,3}(,\d{3})+} as plain digits; null for anything else. */
    private static String wholeRupiah(String s) {
        if (isDigits(s, 0, s.length())) {
            return s;
        }
        if (isGrouped(s, '.')) {
            return s.replace(".", "");
        }
        if (isGrouped(s, ',')) {
            return s.replace(",", "");
        }
        return null;
    }

    /** A first group of 1-3 digits, then one or more groups of exactly 3, each after {@code sep}. */
    private static boolean isGrouped(String s, char sep) {
        int first = s.indexOf(sep);
        if (first < 1 || first > 3 || !isDigits(s, 0, first)) {
            return false;
        }
        int i = first;
        while (i < s.length()) {
            if (s.charAt(i) != sep || i + 4 > s.length() || !isDigits(s, i + 1, i + 4)) {
                return false;
            }
            i += 4;
        }
        return true;
    }

    /** Non-empty and ASCII digits only (what the regex class \d means without flags). */
    private static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
