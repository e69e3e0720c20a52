package id.jamsos.gateway.simulator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The money side of the simulator: what each region paid for each month (POST /bpjstk/v1/pembayaran),
 * whether a month is paid (paid in total at least its invoice's total, as the invoice reads now), a
 * member's months paid and arrears, and the lapse rule of BPU membership: after three consecutive
 * months unpaid past their due date every member of the region becomes non-active, their last month
 * the last month paid.
 *
 * <p>The lapse is judged against the simulator's calendar whenever a request arrives on a new day
 * ({@link #catchUp}), so a test that moves the calendar sees it at its next call. Lapses are not
 * undone when the calendar moves back or a late payment arrives: the membership has ended.
 */
final class Billing {

    /** Months unpaid past due, one after the other, that end a region's cover. */
    static final int LAPSE_MONTHS = 3;
    static final String ADMIN_REFERENCE = "SIM-ADMIN";

    private static final Logger log = LoggerFactory.getLogger(Billing.class);

    /** The answer of POST /pembayaran: paid in total for the month and what is still owed. */
    record Payment(String refId, String periode, long dibayar, long sisa) {
    }

    /**
     * The answer of GET /peserta/kpj/{kpj}/status. {@code alasan}: why cover ended, null while covered;
     * {@code pembayar}: who pays the month asked about, with the month it pays from.
     */
    record MemberStatus(String kpj, String status, String bulanTerakhir, String alasan, int bulanDibayar,
                        int tunggakanBulan, id.jamsos.gateway.bpjs.Payer pembayar) {
    }

    private record RegionMonth(String kodeWilayah, YearMonth periode) {
    }

    private final MembershipRegistry registry;
    private final InvoiceBook invoices;
    private final SimulatorCalendar calendar;
    private final Map<RegionMonth, Long> paid = new HashMap<>();
    private final Map<String, MembershipRegistry.Outcome> byRefId = new HashMap<>();
    private final Map<RegionMonth, Long> totals = new HashMap<>();
    private long totalsVersion = -1;
    private LocalDate checkedOn;

    Billing(MembershipRegistry registry, InvoiceBook invoices, SimulatorCalendar calendar) {
        this.registry = registry;
        this.invoices = invoices;
        this.calendar = calendar;
    }

    /**
     * Records a payment of {@code jumlah} for the region's month (fields checked by the caller).
     * Several payments for one month add up; an overpayment is kept, {@code sisa} never goes below 0.
     */
    synchronized MembershipRegistry.Outcome pay(String refId, YearMonth periode, String kodeWilayah, long jumlah) {
        MembershipRegistry.Outcome earlier = byRefId.get(refId);
        if (earlier != null) {
            return earlier;
        }
        RegionMonth key = new RegionMonth(kodeWilayah, periode);
        long dibayar = paid.merge(key, jumlah, Math::addExact);
        MembershipRegistry.Outcome outcome = new MembershipRegistry.Outcome("200", "Pembayaran diterima / payment recorded",
                new Payment(refId, periode.toString(), dibayar, Math.max(0, total(key) - dibayar)));
        byRefId.put(refId, outcome);
        return outcome;
    }

    /** Pays what the month still owes, for tests and the admin API; answers as a payment would. */
    synchronized Payment markPaid(String kodeWilayah, YearMonth periode) {
        RegionMonth key = new RegionMonth(Objects.requireNonNull(kodeWilayah, "kodeWilayah"),
                Objects.requireNonNull(periode, "periode"));
        long owed = Math.max(0, total(key) - paid.getOrDefault(key, 0L));
        long dibayar = paid.merge(key, owed, Long::sum);
        return new Payment(ADMIN_REFERENCE, periode.toString(), dibayar, Math.max(0, total(key) - dibayar));
    }

    /** Null when no such member. {@code periode}: the month asked about. */
    synchronized MemberStatus status(String kpj, YearMonth periode) {
        MembershipRegistry.Member m = registry.byKpj(kpj).orElse(null);
        if (m == null) {
            return null;
        }
        int dibayar = 0;
        // Over the months that got money, not every month up to periode: periode may be far off.
        for (RegionMonth key : List.copyOf(paid.keySet())) {
            if (key.kodeWilayah().equals(m.kodeWilayah()) && !key.periode().isAfter(periode)
                    && m.billedTo(key.kodeWilayah(), key.periode()) && isPaid(key)) {
                dibayar++;
            }
        }
        int tunggakan = 0;
        YearMonth lastDue = lastDueMonth(calendar.today());
        for (YearMonth month = periode.isBefore(lastDue) ? periode : lastDue;
                m.kodeWilayah() != null && m.billedTo(m.kodeWilayah(), month)
                        && !isPaid(new RegionMonth(m.kodeWilayah(), month)); month = month.minusMonths(1)) {
            tunggakan++;
        }
        MembershipRegistry.Span span = m.spanAt(periode);
        return new MemberStatus(kpj, m.coveredIn(periode) ? MembershipRegistry.AKTIF : MembershipRegistry.NONAKTIF,
                span.last() == null ? null : span.last().toString(), span.last() == null ? null : span.alasan(),
                dibayar, tunggakan, m.payerIn(periode).toPayer());
    }

    /**
     * Applies the lapse rule once per calendar day (or at once after {@link #recheck}): for each
     * region, from its first month of cover through the last month already past due, the first run
     * of {@value #LAPSE_MONTHS} unpaid months ends the cover of every member whose cover began by
     * the run's last month; the scan goes on after the run, for members enrolled since.
     */
    synchronized void catchUp() {
        LocalDate today = calendar.today();
        if (today.equals(checkedOn)) {
            return;
        }
        checkedOn = today;
        YearMonth lastDue = lastDueMonth(today);
        Map<String, YearMonth> firstByRegion = new HashMap<>();
        for (MembershipRegistry.Member m : registry.members()) {
            if (m.kodeWilayah() != null) {
                firstByRegion.merge(m.kodeWilayah(), m.firstMonth(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        for (Map.Entry<String, YearMonth> region : firstByRegion.entrySet()) {
            int run = 0;
            for (YearMonth month = region.getValue(); !month.isAfter(lastDue); month = month.plusMonths(1)) {
                run = isPaid(new RegionMonth(region.getKey(), month)) ? 0 : run + 1;
                if (run == LAPSE_MONTHS) {
                    YearMonth lastPaid = month.minusMonths(LAPSE_MONTHS);
                    int lapsed = registry.lapse(region.getKey(), lastPaid, month);
                    log.info("Region {}: {} months unpaid from {} through {} past due ({}); {} members non-active, "
                            + "last month {}", region.getKey(), LAPSE_MONTHS, lastPaid.plusMonths(1), month,
                            InvoiceBook.dueDate(month), lapsed, lastPaid);
                    run = 0;
                    // Every cover begun by now has ended: go on from the next one begun later, if any.
                    YearMonth next = nextStart(region.getKey(), month);
                    if (next == null) {
                        break;
                    }
                    month = next.minusMonths(1);
                }
            }
        }
    }

    private YearMonth nextStart(String kodeWilayah, YearMonth after) {
        YearMonth next = null;
        for (MembershipRegistry.Member m : registry.members()) {
            for (MembershipRegistry.Span span : m.spans()) {
                if (kodeWilayah.equals(m.kodeWilayah()) && span.first().isAfter(after)
                        && (next == null || span.first().isBefore(next))) {
                    next = span.first();
                }
            }
        }
        return next;
    }

    /** The next {@link #catchUp} judges again even on the same day (the calendar or an invoice changed). */
    synchronized void recheck() {
        checkedOn = null;
        totals.clear();
    }

    synchronized void reset() {
        paid.clear();
        byRefId.clear();
        totals.clear();
        checkedOn = null;
    }

    /** Paid for every month listed: region to months, for the admin stats. */
    synchronized Map<String, List<String>> paidMonths() {
        Map<String, TreeSet<String>> months = new HashMap<>();
        for (RegionMonth key : paid.keySet()) {
            if (isPaid(key)) {
                months.computeIfAbsent(key.kodeWilayah(), k -> new TreeSet<>()).add(key.periode().toString());
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        months.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    /** The last month whose due date is before {@code today}. */
    static YearMonth lastDueMonth(LocalDate today) {
        YearMonth m = YearMonth.from(today).minusMonths(1);
        return InvoiceBook.dueDate(m).isBefore(today) ? m : m.minusMonths(1);
    }

    private boolean isPaid(RegionMonth key) {
        return paid.getOrDefault(key, 0L) >= total(key);
    }

    /** The invoice's total as it reads now, cached until a member changes. */
    private long total(RegionMonth key) {
        long version = registry.version();
        if (version != totalsVersion) {
            totals.clear();
            totalsVersion = version;
        }
        return totals.computeIfAbsent(key, k -> invoices.invoice(k.periode(), k.kodeWilayah(), registry.members())
                .totalIuran());
    }
}
