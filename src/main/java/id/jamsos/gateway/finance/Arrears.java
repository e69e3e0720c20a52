package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.PaymentLedger;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The city's account with BPJS month by month: billed (BPJS's invoice), expected (the gateway's own
 * figure: the workers covered that month at the contribution rules), paid (the payments recorded) and
 * outstanding, and whether the month is in arrears. BPJS sets the city's members non-active after
 * three consecutive unpaid months (docs/finance.md, "Arrears"), so the alarm has two stages before that:
 * stage 1 when a month is unpaid after its due date, stage 2 when the month before it is unpaid too.
 * Pure arithmetic on what the ledger holds; whole rupiah, overflow-checked.
 */
public final class Arrears {

    /** Outstanding is counted from BPJS's invoice, or from the gateway's own figure while there is none. */
    public enum Basis { INVOICE, EXPECTED }

    /**
     * One month of the account.
     *
     * @param billed        the invoice's total, null while no invoice is recorded
     * @param expected      the gateway's figure for the workers covered that month
     * @param outstanding   basis minus paid, never below 0 (an overpayment is not carried to another month)
     * @param dueDate       the invoice's due date, or the default due day of the next month
     * @param overdue       the due date has passed and something is outstanding: the month is in arrears
     * @param consecutive   months in arrears in a row ending with this one (0 when it is not)
     * @param stage         the alarm stage: 0 none, 1 unpaid after the due date, 2 the second such month in a row
     */
    public record Month(YearMonth period, Long billed, long expected, long paid, long outstanding, Basis basis,
                        LocalDate dueDate, boolean overdue, int consecutive, int stage) {
    }

    /**
     * @param months            every month with an invoice, a payment, or in the programme up to last month
     * @param monthsInArrears   months unpaid after their due date
     * @param outstandingInArrears what those months still owe, whole rupiah
     * @param consecutive       the longest run of months in arrears that reaches the latest month past due
     * @param lapsed            workers whose cover BPJS lapsed for arrears (ended LAPSED), per last month covered
     */
    public record Summary(LocalDate today, List<Month> months, int monthsInArrears, long outstandingInArrears,
                          int consecutive, Map<YearMonth, Long> lapsed) {

        public Summary {
            lapsed = lapsed == null ? Map.of() : Map.copyOf(lapsed);
        }

        /** The same account with the lapses the ledger recorded. */
        public Summary withLapsed(Map<YearMonth, Long> lapses) {
            return new Summary(today, months, monthsInArrears, outstandingInArrears, consecutive, lapses);
        }

        /** Workers lapsed by BPJS in all. */
        public long lapsedWorkers() {
            return lapsed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** "2025-03: 3, 2025-09: 1" (the last month covered: workers), oldest first; empty when none. */
        public String lapsedText() {
            return String.join(", ", new java.util.TreeMap<>(lapsed).entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList());
        }

        /** The months in arrears, oldest first. */
        public List<Month> inArrears() {
            return months.stream().filter(Month::overdue).toList();
        }
    }

    private Arrears() {
    }

    /** The alarm's stage for a run of {@code consecutive} unpaid months: 1, then 2 from the second on. */
    public static int stage(int consecutive) {
        return consecutive <= 0 ? 0 : Math.min(consecutive, 2);
    }

    /**
     * @param considered  the programme's months to account for (invoiced and paid months are added)
     * @param expected    the gateway's figure for a month
     * @param dueDay      day of the next month a month is due when its invoice names no due date
     * @param today       today in the city's zone
     */
    public static Summary of(List<YearMonth> considered, List<PaymentLedger.InvoiceMonth> invoices,
                             Map<YearMonth, Long> paid, Function<YearMonth, Long> expected, int dueDay,
                             LocalDate today) {
        TreeSet<YearMonth> months = new TreeSet<>(considered);
        invoices.forEach(i -> months.add(i.period()));
        months.addAll(paid.keySet());
        Map<YearMonth, PaymentLedger.InvoiceMonth> byMonth = new java.util.HashMap<>();
        invoices.forEach(i -> byMonth.put(i.period(), i));
        List<Month> out = new ArrayList<>();
        YearMonth previous = null;
        int run = 0;
        int inArrears = 0;
        long owed = 0;
        int latestRun = 0;
        for (YearMonth m : months) {
            PaymentLedger.InvoiceMonth invoice = byMonth.get(m);
            long exp = expected.apply(m);
            long got = paid.getOrDefault(m, 0L);
            Basis basis = invoice == null ? Basis.EXPECTED : Basis.INVOICE;
            long base = invoice == null ? exp : invoice.billedTotal();
            long outstanding = Math.max(0L, Math.subtractExact(base, got));
            LocalDate due = invoice == null ? defaultDueDate(m, dueDay) : invoice.dueDate();
            boolean overdue = outstanding > 0 && today.isAfter(due);
            boolean follows = previous != null && previous.plusMonths(1).equals(m);
            run = overdue ? (follows ? run + 1 : 1) : 0;
            if (overdue) {
                inArrears++;
                owed = Math.addExact(owed, outstanding);
            }
            if (today.isAfter(due)) {
                latestRun = run;
            }
            out.add(new Month(m, invoice == null ? null : invoice.billedTotal(), exp, got, outstanding, basis, due,
                    overdue, run, stage(run)));
            previous = m;
        }
        return new Summary(today, List.copyOf(out), inArrears, owed, latestRun, Map.of());
    }

    /** The day a month is due without an invoice that says: {@code dueDay} of the next month (or its last day). */
    public static LocalDate defaultDueDate(YearMonth month, int dueDay) {
        YearMonth next = month.plusMonths(1);
        return next.atDay(Math.min(Math.max(1, dueDay), next.lengthOfMonth()));
    }

    /** The gateway's figure for a month: each covered worker at the contribution rules, the default income where none was kept. */
    public static long expected(List<FinanceLedger.IncomeCount> counts, long defaultIncome) {
        long total = 0;
        for (FinanceLedger.IncomeCount c : counts) {
            total = Math.addExact(total, Math.multiplyExact(c.workers(), perWorker(c.monthlyIncome(), defaultIncome)));
        }
        return total;
    }

    /** JKK + JKM of one worker for a month. */
    public static long perWorker(Long monthlyIncome, long defaultIncome) {
        return Math.addExact(ContributionRules.jkk(monthlyIncome == null ? defaultIncome : monthlyIncome),
                ContributionRules.jkm());
    }
}
