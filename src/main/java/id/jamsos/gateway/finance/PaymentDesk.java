package id.jamsos.gateway.finance;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.PaymentLedger;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoices and payments (routes/payments.camel.yaml, the {@code payment} and {@code arrears} commands):
 * which months' invoices are still to be fetched, recording an invoice with its due date, recording a
 * payment once, and the account month by month ({@link Arrears}). Months are read in the city's zone.
 */
public final class PaymentDesk {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentDesk.class);

    private final PaymentLedger payments;
    private final FinanceLedger finance;
    private final Programme programme;
    private final String regionCode;
    private final long defaultIncome;
    private final int dueDay;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param dueDay the day of the next month a month's invoice is due when BPJS names no due date
     *               ({@code jamsos.finance.paymentDueDay}, 15)
     */
    public PaymentDesk(PaymentLedger payments, FinanceLedger finance, Programme programme, String regionCode,
                       long defaultIncome, int dueDay, ZoneId zone, Clock clock) {
        this.payments = payments;
        this.finance = finance;
        this.programme = programme;
        this.regionCode = regionCode;
        this.defaultIncome = defaultIncome;
        if (dueDay < 1 || dueDay > 28) {
            throw new IllegalArgumentException("jamsos.finance.paymentDueDay must be 1-28: " + dueDay);
        }
        this.dueDay = dueDay;
        this.zone = zone;
        this.clock = clock;
    }

    public PaymentLedger ledger() {
        return payments;
    }

    public Programme programme() {
        return programme;
    }

    public String regionCode() {
        return regionCode;
    }

    public LocalDate today() {
        return clock.instant().atZone(zone).toLocalDate();
    }

    public YearMonth thisMonth() {
        return YearMonth.from(today());
    }

    /** The programme's months up to last month (BPJS bills a month once it began; the city pays after). */
    public List<YearMonth> programmeMonthsSoFar() {
        List<YearMonth> months = new ArrayList<>();
        YearMonth last = programme.lastMonth().isBefore(thisMonth()) ? programme.lastMonth() : thisMonth().minusMonths(1);
        for (YearMonth m = programme.firstMonth(); !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The months (yyyy-MM) whose invoice is still to be fetched: the programme's so far without one. */
    public List<String> monthsToFetch() {
        Set<YearMonth> invoiced = payments.invoices().stream().map(PaymentLedger.InvoiceMonth::period)
                .collect(Collectors.toSet());
        return programmeMonthsSoFar().stream().filter(m -> !invoiced.contains(m)).map(YearMonth::toString).toList();
    }

    /**
     * Records the invoice the route fetched for {@code period}: its total, its workers, its number and its
     * due date (the invoice's jatuhTempo, else the due day of the next month).
     */
    public PaymentLedger.InvoiceMonth recordInvoice(@ExchangeProperty(Headers.INVOICE_PERIOD) String period,
                                                    @Body Invoice invoice) {
        YearMonth month = YearMonth.parse(period);
        if (invoice.periode() != null && !invoice.periode().equals(period)) {
            throw new IllegalStateException("BPJS answered the invoice of " + invoice.periode() + " when asked for "
                    + period);
        }
        PaymentLedger.InvoiceMonth row = new PaymentLedger.InvoiceMonth(month,
                invoice.kodeWilayah() == null ? regionCode : invoice.kodeWilayah(), invoice.nomorTagihan(),
                invoice.totalIuran(), invoice.jumlahPeserta(), dueDate(month, invoice.jatuhTempo()), clock.instant(),
                null);
        if (payments.recordInvoice(row)) {
            LOG.info("invoice {} of {} recorded: {} workers, Rp {}, due {}", row.invoiceNo() == null ? "(no number)"
                    : row.invoiceNo(), period, row.billedWorkers(), Money.format(row.billedTotal()), row.dueDate());
        }
        return row;
    }

    /** The invoice's due date when it names a valid one, else {@link Arrears#defaultDueDate}. */
    LocalDate dueDate(YearMonth month, String jatuhTempo) {
        if (jatuhTempo != null && !jatuhTempo.isBlank()) {
            try {
                return LocalDate.parse(jatuhTempo.trim());
            } catch (DateTimeParseException e) {
                LOG.warn("invoice of {}: jatuhTempo '{}' is no date (yyyy-MM-dd); due on day {} of the next month",
                        month, jatuhTempo, dueDay);
            }
        }
        return Arrears.defaultDueDate(month, dueDay);
    }

    public void invoiceFailed(@ExchangeProperty(Headers.INVOICE_PERIOD) String period,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        LOG.warn("invoice of {} not recorded, tried again at the next check: {}", period == null ? "?" : period,
                BpjsCallException.describe("GET /bpjstk/v1/tagihan", error));
    }

    /** Records a payment once (see {@link PaymentLedger#recordPayment}) and says so in the log. */
    public PaymentLedger.Recorded recordPayment(PaymentLedger.NewPayment p, String recordedBy) {
        PaymentLedger.Recorded r = payments.recordPayment(p, recordedBy, clock.instant());
        switch (r.outcome()) {
            case RECORDED -> LOG.info("payment {} ({}) of Rp {} for {} recorded by {}", p.reference(), p.fundingSource(),
                    Money.format(p.amount()), p.period(), recordedBy);
            case ALREADY_RECORDED -> LOG.info("payment {} ({}) was recorded before, by {}: nothing changed",
                    p.reference(), p.fundingSource(), r.payment().recordedBy());
            case CONFLICT -> LOG.warn("payment {} ({}) refused: recorded before by {} with other figures (Rp {} for {})",
                    p.reference(), p.fundingSource(), r.payment().recordedBy(), Money.format(r.payment().amount()),
                    r.payment().period());
        }
        return r;
    }

    /** The gateway's own figure for a month, from the covered workers counted per income. */
    public long expected(YearMonth month) {
        return Arrears.expected(finance.workersByIncome(month), defaultIncome);
    }

    /** The account month by month, as of today. */
    public Arrears.Summary arrears() {
        return Arrears.of(programmeMonthsSoFar(), payments.invoices(), payments.paidByMonth(), this::expected, dueDay,
                today()).withLapsed(payments.lapsedByLastMonth());
    }

    /** What one funding source owes for a month by the gateway's figure: its workers and their contributions. */
    public record SourceDue(String code, String name, String account, long workers, long expected) {
    }

    /**
     * A month's expected contributions split by funding source: a period's own source, else the source
     * the programme names for its agency. In the programme's order of sources; a source code the
     * programme does not know is listed after, by its code.
     */
    public List<SourceDue> dueBySource(YearMonth month) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        programme.sources().forEach(s -> sums.put(s.code(), new long[2]));
        for (PaymentLedger.SourceCount c : payments.workersBySource(month)) {
            String code = c.fundingSource() != null ? c.fundingSource() : programme.sourceOf(c.agencyId());
            long[] s = sums.computeIfAbsent(code, k -> new long[2]);
            s[0] = Math.addExact(s[0], c.workers());
            s[1] = Math.addExact(s[1], Math.multiplyExact(c.workers(), Arrears.perWorker(c.monthlyIncome(), defaultIncome)));
        }
        List<SourceDue> out = new ArrayList<>();
        sums.forEach((code, s) -> {
            if (s[0] > 0) {
                Programme.FundingSource known = programme.sources().stream().filter(f -> f.code().equals(code))
                        .findFirst().orElse(null);
                out.add(new SourceDue(code, known == null ? code : known.name(), known == null ? null : known.account(),
                        s[0], s[1]));
            }
        });
        return out;
    }
}
