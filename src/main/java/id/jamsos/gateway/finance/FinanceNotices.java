package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.OtherPayerLedger;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.nik.NikMask;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finance notices of routes/payments.camel.yaml: PAYMENT_DUE for each invoice recorded,
 * ARREARS_WARNING once per month and stage while a month is unpaid after its due date, COVERAGE_ENDED
 * once per ended period of cover. Each is marked in the ledger only after the broker took it, so a
 * failed send is made again at the next check with the same {@code messageId} (at least once; finance
 * drops a repeat by its id, docs/finance.md section 2).
 */
public final class FinanceNotices {

    private static final Logger LOG = LoggerFactory.getLogger(FinanceNotices.class);

    public static final String SCHEMA_VERSION = "1";
    static final String CURRENCY = "IDR";
    /** BPJS sets a region's members non-active after this many consecutive unpaid months. */
    public static final int LAPSE_AFTER = 3;

    /** A worker's NIK by KPJ (decrypted from the ledger), for the masked NIK of COVERAGE_ENDED. */
    @FunctionalInterface
    public interface NikLookup {
        Optional<String> nikOf(String kpj);
    }

    private final PaymentDesk desk;
    private final CoverageLedger coverage;
    private final NikLookup niks;
    private final Function<String, String> agencyName;
    private final ArrearsWatch watch;
    private final int coverageBatch;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile OtherPayerLedger otherPayers;

    public FinanceNotices(PaymentDesk desk, CoverageLedger coverage, NikLookup niks, Function<String, String> agencyName,
                          ArrearsWatch watch, int coverageBatch, ObjectMapper json, Clock clock) {
        this.desk = desk;
        this.coverage = coverage;
        this.niks = niks;
        this.agencyName = agencyName;
        this.watch = watch;
        this.coverageBatch = coverageBatch;
        this.json = json;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- what is due

    /** Every notice due now: invoices not yet announced, arrears alarms not yet sent, ended periods not yet told. */
    public List<FinanceNotice> pending() {
        List<FinanceNotice> out = new ArrayList<>();
        for (PaymentLedger.InvoiceMonth invoice : desk.ledger().paymentDueUnsent()) {
            out.add(paymentDue(invoice));
        }
        out.addAll(arrearsWarnings());
        for (CoveragePeriod p : coverage.unannounced(coverageBatch)) {
            out.add(coverageEnded(p));
        }
        OtherPayerLedger others = otherPayers;
        if (others != null) {
            for (OtherPayerLedger.Finding f : others.unannounced(coverageBatch)) {
                out.add(coveredByOtherPayer(f));
            }
        }
        return out;
    }

    /** COVERED_BY_OTHER_PAYER is made from {@code ledger}'s findings (docs/finance.md); without it, none is sent. */
    public FinanceNotices otherPayersTo(OtherPayerLedger ledger) {
        this.otherPayers = java.util.Objects.requireNonNull(ledger, "ledger");
        return this;
    }

    /**
     * Raises the alarm of each month in arrears at its stage (once: the ledger keeps the stages raised),
     * logged at WARN when raised, and makes the warnings not sent yet. An alarm whose month was paid
     * before its warning could go is marked without a message: there is nothing to warn about.
     */
    List<FinanceNotice> arrearsWarnings() {
        Arrears.Summary summary = desk.arrears();
        watch.refresh(summary);
        // A month warned at stage 2 is not warned at stage 1 after the month before it was paid late.
        Map<YearMonth, Integer> raised = new java.util.HashMap<>();
        desk.ledger().alarms().forEach(a -> raised.merge(a.period(), a.stage(), Math::max));
        for (Arrears.Month m : summary.inArrears()) {
            if (raised.getOrDefault(m.period(), 0) < m.stage() && desk.ledger().raiseAlarm(m.period(), m.stage(),
                    arrearsId(m.period(), m.stage()), m.outstanding(), clock.instant())) {
                LOG.warn("ARREARS stage {}: {}", m.stage(), warning(m, summary));
            }
        }
        List<FinanceNotice> out = new ArrayList<>();
        for (PaymentLedger.Alarm alarm : desk.ledger().unsentAlarms()) {
            Arrears.Month m = summary.months().stream().filter(x -> x.period().equals(alarm.period())).findFirst()
                    .orElse(null);
            if (m == null || !m.overdue()) {
                LOG.info("arrears alarm {} stage {} cleared before its warning went: the month is paid", alarm.period(),
                        alarm.stage());
                desk.ledger().markAlarmSent(alarm.period(), alarm.stage(), clock.instant());
                continue;
            }
            out.add(arrearsWarning(m, alarm.stage(), summary));
        }
        return out;
    }

    // ---------------------------------------------------------------- the messages

    /** PAYMENT_DUE: the invoice's total and due date, and the gateway's figure split by funding source. */
    public record PaymentDue(String schemaVersion, String messageId, String messageType, String period,
                             String regionCode, String invoiceNumber, String currency, int billedWorkers, long billed,
                             long expectedWorkers, long expected, long paid, long outstanding, String dueDate,
                             String programmeId, List<PaymentDesk.SourceDue> sources, String summary,
                             String generatedAt) {
    }

    FinanceNotice paymentDue(PaymentLedger.InvoiceMonth invoice) {
        YearMonth period = invoice.period();
        List<PaymentDesk.SourceDue> sources = desk.dueBySource(period);
        long expectedWorkers = sources.stream().mapToLong(PaymentDesk.SourceDue::workers).sum();
        long expected = sources.stream().mapToLong(PaymentDesk.SourceDue::expected).reduce(0L, Math::addExact);
        long paid = desk.ledger().paidByMonth().getOrDefault(period, 0L);
        long outstanding = Math.max(0L, invoice.billedTotal() - paid);
        String id = "payment-due-" + period;
        String summary = "Tagihan BPJS " + period + (invoice.invoiceNo() == null ? "" : " (" + invoice.invoiceNo() + ")")
                + ": Rp " + Money.format(invoice.billedTotal()) + " untuk " + invoice.billedWorkers()
                + " pekerja, jatuh tempo " + invoice.dueDate() + ", sisa Rp " + Money.format(outstanding)
                + " / BPJS invoice " + period + ": Rp " + Money.format(invoice.billedTotal()) + " for "
                + invoice.billedWorkers() + " workers, due " + invoice.dueDate() + ", outstanding Rp "
                + Money.format(outstanding);
        PaymentDue body = new PaymentDue(SCHEMA_VERSION, id, "PAYMENT_DUE", period.toString(), invoice.regionCode(),
                invoice.invoiceNo(), CURRENCY, invoice.billedWorkers(), invoice.billedTotal(), expectedWorkers, expected,
                paid, outstanding, invoice.dueDate().toString(), desk.programme().id(), sources, summary,
                clock.instant().toString());
        return new FinanceNotice(FinanceNotice.Kind.PAYMENT_DUE, period.toString(), id, body,
                properties("PAYMENT_DUE", id, Map.of("period", period.toString())));
    }

    /** One unpaid month as an ARREARS_WARNING lists it. */
    public record UnpaidMonth(String period, String dueDate, long outstanding, String basis) {
    }

    /** ARREARS_WARNING: the month, its stage, the run of unpaid months it ends and when BPJS would lapse the cohort. */
    public record ArrearsWarning(String schemaVersion, String messageId, String messageType, String period, int stage,
                                 String regionCode, String currency, Long billed, long expected, long paid,
                                 long outstanding, String basis, String dueDate, int consecutiveUnpaidMonths,
                                 List<UnpaidMonth> unpaidMonths, long totalOutstanding, String lapseMonth,
                                 String warning, String generatedAt) {
    }

    FinanceNotice arrearsWarning(Arrears.Month m, int stage, Arrears.Summary summary) {
        String id = arrearsId(m.period(), stage);
        List<UnpaidMonth> run = run(m, summary).stream().map(x -> new UnpaidMonth(x.period().toString(),
                x.dueDate().toString(), x.outstanding(), x.basis().name())).toList();
        ArrearsWarning body = new ArrearsWarning(SCHEMA_VERSION, id, "ARREARS_WARNING", m.period().toString(), stage,
                desk.regionCode(), CURRENCY, m.billed(), m.expected(), m.paid(), m.outstanding(), m.basis().name(),
                m.dueDate().toString(), m.consecutive(), run, summary.outstandingInArrears(),
                lapseMonth(m).toString(), warning(m, summary), clock.instant().toString());
        return new FinanceNotice(FinanceNotice.Kind.ARREARS_WARNING, m.period() + ":" + stage, id, body,
                properties("ARREARS_WARNING", id, Map.of("period", m.period().toString(), "stage",
                        String.valueOf(stage))));
    }

    static String arrearsId(YearMonth period, int stage) {
        return "arrears-" + period + "-stage-" + stage;
    }

    /** The months in arrears in a row ending with {@code m}, oldest first. */
    private static List<Arrears.Month> run(Arrears.Month m, Arrears.Summary summary) {
        List<Arrears.Month> run = new ArrayList<>();
        for (Arrears.Month x : summary.months()) {
            if (!x.period().isAfter(m.period()) && !x.period().isBefore(m.period().minusMonths(m.consecutive() - 1L))) {
                run.add(x);
            }
        }
        return run;
    }

    /** The month whose arrears would be the third in a row (BPJS lapses the cohort after it). */
    private static YearMonth lapseMonth(Arrears.Month m) {
        return m.period().plusMonths(Math.max(0, LAPSE_AFTER - m.consecutive()));
    }

    /** The alarm's text, Indonesian / English. */
    static String warning(Arrears.Month m, Arrears.Summary summary) {
        String owed = "Rp " + Money.format(m.outstanding());
        String basis = m.basis() == Arrears.Basis.INVOICE ? "" : " (menurut hitungan gateway, belum ada tagihan)";
        String basisEn = m.basis() == Arrears.Basis.INVOICE ? "" : " (the gateway's figure, no invoice yet)";
        YearMonth lapse = lapseMonth(m);
        if (m.consecutive() <= 1) {
            return "Iuran " + m.period() + " belum lunas setelah jatuh tempo " + m.dueDate() + ": kurang " + owed + basis
                    + ". BPJS menonaktifkan kepesertaan setelah " + LAPSE_AFTER + " bulan berturut-turut tidak dibayar"
                    + " (bulan ketiga: " + lapse + ") / the contributions of " + m.period()
                    + " are not fully paid after their due date " + m.dueDate() + ": " + owed + " outstanding" + basisEn
                    + ". BPJS sets the members non-active after " + LAPSE_AFTER + " consecutive unpaid months (the third: "
                    + lapse + ")";
        }
        String months = String.join(", ", run(m, summary).stream().map(x -> x.period().toString()).toList());
        if (m.consecutive() < LAPSE_AFTER) {
            return m.consecutive() + " bulan berturut-turut belum lunas (" + months + "), total kurang Rp "
                    + Money.format(summary.outstandingInArrears()) + ": BPJS akan menonaktifkan kepesertaan setelah"
                    + " bulan ketiga (" + lapse + ") / " + m.consecutive() + " consecutive months unpaid (" + months
                    + "), Rp " + Money.format(summary.outstandingInArrears()) + " outstanding in all: BPJS will set the"
                    + " cohort non-active after the third (" + lapse + ")";
        }
        return m.consecutive() + " bulan berturut-turut belum lunas (" + months + "): BPJS menonaktifkan kepesertaan;"
                + " bayar tunggakan Rp " + Money.format(summary.outstandingInArrears()) + " / " + m.consecutive()
                + " consecutive months unpaid (" + months + "): BPJS sets the cohort non-active; pay the Rp "
                + Money.format(summary.outstandingInArrears()) + " outstanding";
    }

    /** The agency of an ended period, by id and configured name. */
    public record AgencyRef(String id, String name) {
    }

    /** COVERAGE_ENDED: a worker's period of cover ended, with the months it covered and why it ended. */
    public record CoverageEnded(String schemaVersion, String messageId, String messageType, long periodId, String kpj,
                                String nikMasked, AgencyRef agency, String fundingSource, String firstMonth,
                                String lastMonth, int monthsCovered, String endReason, String endReasonText,
                                String endedBy, String endedAt, String generatedAt) {
    }

    FinanceNotice coverageEnded(CoveragePeriod p) {
        // The end as it stands is part of the id: a death that cuts an ended period back (a later month,
        // another reason) is a new message finance books, not a repeat it drops.
        String id = "coverage-ended-" + p.id() + "-" + p.lastMonth() + "-" + p.endReason().name();
        // The NIK is decrypted for its mask only (finance matches workers by KPJ and the masked NIK).
        String nikMasked = niks.nikOf(p.kpj()).map(NikMask::mask).orElse(null);
        int months = p.lastMonth().isBefore(p.firstMonth()) ? 0
                : (int) (p.lastMonth().getYear() * 12L + p.lastMonth().getMonthValue()
                - p.firstMonth().getYear() * 12L - p.firstMonth().getMonthValue()) + 1;
        String source = p.fundingSource() != null ? p.fundingSource() : desk.programme().sourceOf(p.agencyId());
        CoverageEnded body = new CoverageEnded(SCHEMA_VERSION, id, "COVERAGE_ENDED", p.id(), p.kpj(), nikMasked,
                new AgencyRef(p.agencyId(), agencyName.apply(p.agencyId())), source, p.firstMonth().toString(),
                p.lastMonth().toString(), months, p.endReason().name(), p.endReason().text(), p.endedBy(),
                p.endedAt().toString(), clock.instant().toString());
        return new FinanceNotice(FinanceNotice.Kind.COVERAGE_ENDED, p.id() + ":" + p.lastMonth(), id, body,
                properties("COVERAGE_ENDED", id, Map.of("agencyId", p.agencyId(), "endReason", p.endReason().name())));
    }

    /** The payer of a COVERED_BY_OTHER_PAYER: kind, code, name and the Indonesian / English words. */
    public record PayerRef(String kind, String code, String name, String text) {
    }

    /**
     * COVERED_BY_OTHER_PAYER: BPJS names a payer other than the city for this worker from {@code fromMonth};
     * finance never pays for them from then on. {@code found}: ENROLLMENT (an agency's row, no cover at the
     * city's cost) or STATUS_CHECK (a covered worker whose cover ended OTHER_PAYER).
     */
    public record CoveredByOtherPayer(String schemaVersion, String messageId, String messageType, String found,
                                      String kpj, String nikMasked, AgencyRef agency, PayerRef payer, String fromMonth,
                                      Long fileId, Integer rowNo, Long periodId, String summary, String foundAt,
                                      String generatedAt) {
    }

    FinanceNotice coveredByOtherPayer(OtherPayerLedger.Finding finding) {
        OtherPayerLedger.Found f = finding.found();
        boolean row = f.fileId() != null;
        String id = "covered-by-other-payer-" + (row ? "file-" + f.fileId() + "-row-" + f.rowNo()
                : "period-" + f.periodId());
        String nikMasked = f.nikMasked() != null ? f.nikMasked() : niks.nikOf(f.kpj()).map(NikMask::mask).orElse(null);
        id.jamsos.gateway.bpjs.Payer payer = new id.jamsos.gateway.bpjs.Payer(f.payerKind(), f.payerCode(),
                f.payerName(), null);
        String agencyId = finding.agencyId();
        AgencyRef agency = agencyId == null ? null : new AgencyRef(agencyId, agencyName.apply(agencyId));
        String summary = (row
                ? "KPJ " + f.kpj() + " sudah peserta aktif yang dibayar oleh " + payer.describeId()
                        + "; tidak didaftarkan atas biaya kota (berkas #" + f.fileId() + " baris " + f.rowNo() + ")"
                        + (f.periodId() == null ? "" : "; kepesertaan atas biaya kota (periode #" + f.periodId() + ") berakhir")
                : "KPJ " + f.kpj() + " dibayar oleh " + payer.describeId() + " sejak " + f.fromMonth()
                        + "; kepesertaan atas biaya kota berakhir")
                + ". Jangan bayar iurannya mulai " + f.fromMonth() + " / "
                + (row ? "KPJ " + f.kpj() + " is already an active member paid by " + payer.describeEn()
                        + "; not enrolled at the city's cost (file #" + f.fileId() + " row " + f.rowNo() + ")"
                        + (f.periodId() == null ? "" : "; the city's cover (period #" + f.periodId() + ") ended")
                        : "KPJ " + f.kpj() + " is paid by " + payer.describeEn() + " from " + f.fromMonth()
                        + "; the city's cover ended")
                + ". Do not pay their contributions from " + f.fromMonth();
        CoveredByOtherPayer body = new CoveredByOtherPayer(SCHEMA_VERSION, id, "COVERED_BY_OTHER_PAYER",
                row ? "ENROLLMENT" : "STATUS_CHECK", f.kpj(), nikMasked, agency,
                new PayerRef(f.payerKind(), f.payerCode(), f.payerName(), payer.describeId() + " / " + payer.describeEn()),
                f.fromMonth().toString(), f.fileId(), f.rowNo(), f.periodId(), summary,
                finding.foundAt().toString(), clock.instant().toString());
        Map<String, String> more = new LinkedHashMap<>();
        more.put("payerKind", f.payerKind());
        if (agencyId != null) {
            more.put("agencyId", agencyId);
        }
        return new FinanceNotice(FinanceNotice.Kind.COVERED_BY_OTHER_PAYER, f.source(), id, body,
                properties("COVERED_BY_OTHER_PAYER", id, more));
    }

    private static Map<String, String> properties(String type, String id, Map<String, String> more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("messageType", type);
        p.put("schemaVersion", SCHEMA_VERSION);
        p.put("messageId", id);
        p.putAll(more);
        return p;
    }

    // ---------------------------------------------------------------- route steps

    /**
     * The split part's notice as the JMS message: JSON body, the properties and JMSCorrelationID. Takes
     * the Exchange because it sets the body, the headers and the notice (for {@link #sent}) at once.
     */
    public void toMessage(@Body FinanceNotice notice, Exchange exchange) throws JsonProcessingException {
        exchange.setProperty(Headers.FINANCE_NOTICE, notice);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(json(notice));
        notice.properties().forEach(out::setHeader);
        out.setHeader("JMSCorrelationID", notice.messageId());
    }

    public String json(FinanceNotice notice) throws JsonProcessingException {
        return json.writeValueAsString(notice.body());
    }

    /** After the broker took it: marked, so that it is not sent again. */
    public void sent(@ExchangeProperty(Headers.FINANCE_NOTICE) FinanceNotice notice) {
        switch (notice.kind()) {
            case PAYMENT_DUE -> desk.ledger().markPaymentDueSent(YearMonth.parse(notice.key()), clock.instant());
            case ARREARS_WARNING -> {
                String[] k = notice.key().split(":");
                desk.ledger().markAlarmSent(YearMonth.parse(k[0]), Integer.parseInt(k[1]), clock.instant());
            }
            case COVERAGE_ENDED -> {
                // Marked only as it was sent: a death recorded meanwhile changed the last month, and its
                // new end goes to finance at the next check.
                String[] k = notice.key().split(":");
                coverage.markAnnounced(Long.parseLong(k[0]), YearMonth.parse(k[1]), clock.instant());
            }
            case COVERED_BY_OTHER_PAYER -> otherPayers.markAnnounced(notice.key(), clock.instant());
        }
        LOG.info("{} {} sent to finance", notice.properties().get("messageType"), notice.messageId());
    }

    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        LOG.warn("finance notices not sent, tried again at the next check: {}", NikMask.scrub(String.valueOf(error)));
    }

    /** Today in the city's zone, for callers that show the account. */
    public LocalDate today() {
        return desk.today();
    }
}
