package id.jamsos.gateway.finance;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the programme's money buys (docs/finance.md, "The programme and its budget"): pure arithmetic
 * over the programme, its top-ups and what the covered workers cost month by month. Whole rupiah.
 *
 * <p>Rules: the budget is the configured sources plus the top-ups recorded. Spent so far is the cost
 * of every programme month up to this month, this month included (billed or due). The money remaining
 * after that buys {@code remaining / costPerMonth} further whole months at this month's cost, so the
 * last month fully paid for is this month plus those; when that reaches the programme's last month
 * the budget does not run out. {@code monthsBought} counts this month too: Kota Sorong's Rp 2.2 billion
 * from March at Rp 324,844,800 a month buys 6 whole months (6.77), March to August.
 *
 * <p>{@code headroom} is what is left once the workers covered now are carried to the programme's
 * last month: a new enrollment at contribution c needs c times {@code monthsToCarry} of it.
 *
 * @param month           the month planned from: this month, held inside the programme's months
 * @param monthsBoughtHundredths the months bought counting this month, in hundredths (677: 6.77)
 * @param runsOutAfter    the last month fully paid for when that is before the programme's last month, else null
 * @param warning         bilingual, when the budget runs out before the programme's last month; else null
 */
public record BudgetPlan(String programmeId, YearMonth firstMonth, YearMonth lastMonth, YearMonth month,
                         long configured, long topUps, long budget, long spent, long remaining, long workers,
                         long costPerMonth, Integer monthsBought, Long monthsBoughtHundredths, YearMonth runsOutAfter,
                         int monthsToCarry, long headroom, List<Source> sources, String warning) {

    /** Workers and their cost in one month under one funding source. */
    public record Cost(long workers, long amount) {
        public static final Cost NONE = new Cost(0, 0);

        Cost plus(Cost other) {
            return new Cost(sum(workers, other.workers, "workers"), sum(amount, other.amount, "monthly cost"));
        }
    }

    /** What the covered workers cost in a month, per funding source code. */
    @FunctionalInterface
    public interface MonthlyCost {
        Map<String, Cost> bySource(YearMonth month);
    }

    /** The same figures for one funding source: its own budget against the workers it pays for. */
    public record Source(String code, String name, String account, long configured, long topUps, long budget,
                         long spent, long remaining, long workers, long costPerMonth, Integer monthsBought,
                         Long monthsBoughtHundredths, YearMonth runsOutAfter) {
        public boolean runsOut() {
            return runsOutAfter != null;
        }
    }

    public boolean runsOut() {
        return runsOutAfter != null;
    }

    /** "6.77", or null when nothing is spent each month. */
    public String monthsBoughtText() {
        return hundredths(monthsBoughtHundredths);
    }

    static String hundredths(Long h) {
        return h == null ? null : h / 100 + "." + String.format("%02d", Math.abs(h % 100));
    }

    /**
     * The plan in {@code now}.
     *
     * @param topUpsBySource the top-ups recorded, summed per source code
     */
    public static BudgetPlan of(Programme programme, Map<String, Long> topUpsBySource, YearMonth now,
                                MonthlyCost costs) {
        YearMonth month = now.isBefore(programme.firstMonth()) ? programme.firstMonth()
                : now.isAfter(programme.lastMonth()) ? programme.lastMonth() : now;
        // Every source configured, then any a top-up or a period names that is not.
        Map<String, long[]> lines = new LinkedHashMap<>();
        for (Programme.FundingSource s : programme.sources()) {
            lines.put(s.code(), new long[] {s.budget(), 0, 0, 0, 0});
        }
        topUpsBySource.forEach((code, amount) -> {
            long[] line = lines.computeIfAbsent(code, k -> new long[5]);
            line[1] = sum(line[1], amount, "top-ups of " + code);
        });
        Map<String, Cost> current = Map.of();
        for (YearMonth m = programme.firstMonth(); !m.isAfter(month); m = m.plusMonths(1)) {
            Map<String, Cost> cost = costs.bySource(m);
            for (Map.Entry<String, Cost> e : cost.entrySet()) {
                long[] line = lines.computeIfAbsent(e.getKey(), k -> new long[5]);
                line[2] = sum(line[2], e.getValue().amount(), "spent from " + e.getKey());
            }
            current = cost;
        }
        for (Map.Entry<String, Cost> e : current.entrySet()) {
            long[] line = lines.get(e.getKey());
            line[3] = e.getValue().workers();
            line[4] = e.getValue().amount();
        }
        List<Source> sources = new ArrayList<>();
        long configured = 0;
        long topUps = 0;
        long spent = 0;
        long workers = 0;
        long costNow = 0;
        for (Map.Entry<String, long[]> e : lines.entrySet()) {
            long[] l = e.getValue();
            Programme.FundingSource configuredSource = programme.sources().stream()
                    .filter(s -> s.code().equals(e.getKey())).findFirst().orElse(null);
            long budget = sum(l[0], l[1], "budget of " + e.getKey());
            long remaining = difference(budget, l[2], "remaining of " + e.getKey());
            Integer bought = bought(remaining, l[4]);
            sources.add(new Source(e.getKey(), configuredSource == null ? e.getKey() : configuredSource.name(),
                    configuredSource == null ? null : configuredSource.account(), l[0], l[1], budget, l[2], remaining,
                    l[3], l[4], bought, boughtHundredths(remaining, l[4]), runsOutAfter(month, bought,
                            programme.lastMonth())));
            configured = sum(configured, l[0], "configured budget");
            topUps = sum(topUps, l[1], "top-ups");
            spent = sum(spent, l[2], "spent");
            workers = sum(workers, l[3], "workers");
            costNow = sum(costNow, l[4], "monthly cost");
        }
        long budget = sum(configured, topUps, "budget");
        long remaining = difference(budget, spent, "remaining");
        Integer bought = bought(remaining, costNow);
        YearMonth runsOut = runsOutAfter(month, bought, programme.lastMonth());
        int monthsToCarry = monthsBetween(month, programme.lastMonth()) + 1;
        long headroom = difference(remaining, product(costNow, monthsToCarry - 1L, "cost to the last month"),
                "headroom");
        String warning = runsOut == null ? null
                : "Anggaran program " + programme.id() + " hanya cukup sampai " + runsOut + ", sebelum akhir program "
                + programme.lastMonth() + " (sisa Rp " + Money.format(remaining) + ", iuran Rp "
                + Money.format(costNow) + " sebulan) / programme " + programme.id() + "'s budget lasts only to "
                + runsOut + ", before its last month " + programme.lastMonth() + " (Rp " + Money.format(remaining)
                + " left, Rp " + Money.format(costNow) + " a month)";
        return new BudgetPlan(programme.id(), programme.firstMonth(), programme.lastMonth(), month, configured, topUps,
                budget, spent, remaining, workers, costNow, bought, boughtHundredths(remaining, costNow), runsOut,
                monthsToCarry, headroom, List.copyOf(sources), warning);
    }

    /** Whole months bought counting this month (already in spent): null when nothing is spent a month. */
    private static Integer bought(long remaining, long costPerMonth) {
        if (costPerMonth == 0) {
            return null;
        }
        long months = sum(Math.floorDiv(remaining, costPerMonth), 1, "months bought");
        if (months > Integer.MAX_VALUE) {
            // More than 178 million years of cover: a budget typed with too many digits.
            throw outOfRange("months bought", remaining + " / " + costPerMonth);
        }
        return (int) months;
    }

    private static Long boughtHundredths(long remaining, long costPerMonth) {
        return costPerMonth == 0 ? null : Math.floorDiv(product(sum(remaining, costPerMonth, "months bought"), 100L,
                "months bought"), costPerMonth);
    }

    private static YearMonth runsOutAfter(YearMonth month, Integer bought, YearMonth lastMonth) {
        if (bought == null) {
            return null;
        }
        YearMonth lastPaid = month.plusMonths(bought - 1L);
        return lastPaid.isBefore(lastMonth) ? lastPaid : null;
    }

    /**
     * {@code a + b} in whole rupiah (or workers), refused loudly rather than wrapped: a sum beyond what
     * a long holds (9.2 quintillion rupiah) is a mistyped budget or count, and a wrapped one would
     * read as a negative budget or a huge headroom. {@code what} names the figure in the message.
     */
    static long sum(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange(what, a + " + " + b);
        }
    }

    /** {@code a - b}, refused as {@link #sum} is. */
    static long difference(long a, long b, String what) {
        try {
            return Math.subtractExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange(what, a + " - " + b);
        }
    }

    /** {@code a * b}, refused as {@link #sum} is. */
    static long product(long a, long b, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange(what, a + " x " + b);
        }
    }

    private static ArithmeticException outOfRange(String what, String operation) {
        return new ArithmeticException("Angka anggaran di luar jangkauan (" + what + ": " + operation
                + "); periksa anggaran, tambahan anggaran dan jumlah pekerja / budget figure out of range (" + what
                + ": " + operation + "); check the budget, its top-ups and the worker counts");
    }

    static int monthsBetween(YearMonth from, YearMonth to) {
        return (int) ((to.getYear() * 12L + to.getMonthValue()) - (from.getYear() * 12L + from.getMonthValue()));
    }
}
