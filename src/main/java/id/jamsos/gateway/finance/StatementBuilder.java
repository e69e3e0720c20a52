package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.CoveragePeriod;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.InvoiceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.WorkerEnrollment;
import id.jamsos.gateway.nik.NikMask;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Works out a month's contribution statement from the ledger and compares it with the endpoint's
 * invoice, worker by worker.
 *
 * <p>Rules (docs/finance.md): a worker is covered in a month when one of their coverage periods
 * covers it (the period opened at enrollment, from the month enrolled in the city's time zone, until
 * the month its end names); a covered worker owes the whole month (no pro-rata: BPU
 * contributions are monthly, and BPJS bills the month in full). JKK from the declared income kept at
 * intake, or the configured default income for rows that predate it; JKM flat. Whole rupiah. Each
 * worker-month is booked on a funding source: the period's own when it names one, else the one the
 * programme gives its agency ({@link Programme#sourceOf}).
 *
 * <p>Size: the comparison streams the covered workers in KPJ order from the ledger and merges them with
 * the invoice's lines, sorted by KPJ too: read back from the ledger's copy through a cursor when the
 * invoice came through the route ({@link InvoiceAnswer} stored them there, and the invoice it hands on
 * holds no lines), or from the invoice's own list (tests; sorted here when not). It keeps totals,
 * counts and at most {@link #listedDifferences} differences, so its memory does not grow with the
 * cohort; a worker's NIK is decrypted only when the worker is listed in a difference.
 */
public final class StatementBuilder {

    /** Differences listed on a statement by default; the rest are counted (docs/finance.md). */
    public static final int DEFAULT_LISTED_DIFFERENCES = 1_000;

    /** Where the invoice comes from: the endpoint in production, anything in tests. */
    @FunctionalInterface
    public interface InvoiceSource {
        /** The invoice, or an exception when it cannot be had. */
        Invoice invoice(YearMonth period, String regionCode);
    }

    private static final Comparator<Invoice.Line> BY_KPJ = Comparator.comparing(Invoice.Line::kpj,
            Comparator.nullsFirst(Comparator.naturalOrder()));

    private final FinanceLedger finance;
    private final Ledger ledger;
    private final AgencyRegistry agencies;
    private final Programme programme;
    private final InvoiceSource invoices;
    private final String regionCode;
    private final long defaultIncome;
    private final long annualBudget;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final Clock clock;
    private final int listedDifferences;

    public StatementBuilder(FinanceLedger finance, Ledger ledger, AgencyRegistry agencies, Programme programme,
                            InvoiceSource invoices, String regionCode, long defaultIncome, long annualBudget,
                            ZoneId zone, ObjectMapper json, Clock clock) {
        this(finance, ledger, agencies, programme, invoices, regionCode, defaultIncome, annualBudget, zone, json, clock,
                DEFAULT_LISTED_DIFFERENCES);
    }

    /** @param listedDifferences how many differences a statement lists at most; the others are counted */
    public StatementBuilder(FinanceLedger finance, Ledger ledger, AgencyRegistry agencies, Programme programme,
                            InvoiceSource invoices, String regionCode, long defaultIncome, long annualBudget,
                            ZoneId zone, ObjectMapper json, Clock clock, int listedDifferences) {
        this.finance = finance;
        this.ledger = ledger;
        this.agencies = agencies;
        this.programme = programme;
        this.invoices = invoices;
        this.regionCode = regionCode;
        this.defaultIncome = defaultIncome;
        this.annualBudget = annualBudget;
        this.zone = zone;
        this.json = json;
        this.clock = clock;
        if (listedDifferences < 0) {
            throw new IllegalArgumentException("listedDifferences must not be negative: " + listedDifferences);
        }
        this.listedDifferences = listedDifferences;
    }

    /** The same builder listing at most {@code n} differences. */
    public StatementBuilder listingAtMost(int n) {
        return new StatementBuilder(finance, ledger, agencies, programme, invoices, regionCode, defaultIncome,
                annualBudget, zone, json, clock, n);
    }

    /** What the workers covered in a month owe, per funding source and agency within it, per agency, and in total. */
    public record Cohort(List<ContributionStatement.SourceTotals> sources,
                         Map<String, ContributionStatement.AgencyTotals> agencies, ContributionStatement.Totals totals) {
    }

    /** The workers covered in {@code period}, of one agency or of all when {@code agencyIdOrNull} is null. */
    public Cohort cohort(YearMonth period, String agencyIdOrNull) {
        Comparison c = new Comparison(period, agencyIdOrNull, null);
        c.run();
        return c.cohort();
    }

    /** How many workers are covered in {@code period} (every agency), counted by the database. */
    public long coveredCount(YearMonth period) {
        return finance.coveredCount(period);
    }

    /**
     * The budget check for the cohort covered this month, for the status page: the same totals as this
     * month's statement, from the workers counted per declared income. The statement lists workers
     * and needs each one; the totals do not, so the page reads no worker's NIK or name for them.
     */
    public BudgetCheck budgetNow() {
        int workers = 0;
        long monthlyDue = 0;
        for (FinanceLedger.IncomeCount c : finance.workersByIncome(YearMonth.now(clock.withZone(zone)))) {
            long income = c.monthlyIncome() == null ? defaultIncome : c.monthlyIncome();
            long perWorker = Math.addExact(ContributionRules.jkk(income), ContributionRules.jkm());
            workers = Math.addExact(workers, Math.toIntExact(c.workers()));
            monthlyDue = Math.addExact(monthlyDue, Math.multiplyExact(perWorker, c.workers()));
        }
        return budgetCheck(workers, monthlyDue);
    }

    /**
     * One source of truth for the budget: the programme's (configured sources plus the top-ups recorded
     * under its id) over its months; {@code jamsos.finance.annualBudget} over 12 months only for a builder
     * given no programme.
     */
    private BudgetCheck budgetCheck(int workers, long monthlyDue) {
        if (programme == null) {
            return BudgetCheck.of(annualBudget, workers, monthlyDue);
        }
        return BudgetCheck.of(Math.addExact(programme.budget(), finance.topUpTotal(programme.id())), workers,
                monthlyDue, programme.months());
    }

    /**
     * The statement for {@code period}, of every agency ({@code agencyIdOrNull} null) or of one. When
     * the invoice cannot be had the statement says so in {@code invoiceError} and lists no differences.
     */
    public ContributionStatement build(YearMonth period, String agencyIdOrNull) {
        Invoice invoice = null;
        String invoiceError = null;
        try {
            invoice = invoices.invoice(period, regionCode);
        } catch (RuntimeException e) {
            invoiceError = "Tagihan BPJS tidak tersedia / BPJS invoice unavailable: " + e.getMessage();
        }
        return assemble(period, agencyIdOrNull, invoice, invoiceError);
    }

    /** Like {@link #build}, with the invoice already had (the monthly statement's route fetched it). */
    public ContributionStatement buildWithInvoice(YearMonth period, String agencyIdOrNull, Invoice invoice) {
        return assemble(period, agencyIdOrNull, invoice, null);
    }

    private ContributionStatement assemble(YearMonth period, String agencyIdOrNull, Invoice invoice,
                                           String invoiceError) {
        String scope = agencyIdOrNull == null ? ContributionStatement.ALL : agencyIdOrNull;
        Comparison comparison = new Comparison(period, agencyIdOrNull, invoice);
        comparison.run();
        Cohort cohort = comparison.cohort();
        List<ContributionStatement.Difference> differences = comparison.listed();
        ContributionStatement.DifferenceCounts counts = invoice == null
                ? new ContributionStatement.DifferenceCounts(0, 0, 0, 0, 0) : comparison.counts();
        ContributionStatement.Totals billed = invoice == null ? null : comparison.billed();
        Long difference = billed == null ? null : cohort.totals().total() - billed.total();
        // The budget is the city's: it is checked on the statement of every agency, not on one agency's.
        BudgetCheck budget = agencyIdOrNull == null
                ? budgetCheck(cohort.totals().workers(), cohort.totals().total()) : null;
        ContributionStatement.Rules rules = new ContributionStatement.Rules(1, ContributionRules.JKK_MIN,
                ContributionRules.JKK_MAX, ContributionRules.JKM, false, defaultIncome,
                "Pekerja dengan masa kepesertaan aktif pada bulan itu (mulai bulan pendaftaran, " + zone
                        + ", sampai bulan berakhirnya), iuran sebulan penuh / workers whose cover includes the month"
                        + " (from the month enrolled, " + zone + ", to the month it ended), a full month each");
        int notListed = counts.total() - differences.size();
        String summary = summary(period, scope, cohort.totals(), billed, counts.total(), notListed, budget,
                invoiceError);
        ContributionStatement draft = new ContributionStatement(ContributionStatement.SCHEMA_VERSION, null,
                ContributionStatement.TYPE, period.toString(), scope, regionCode, "IDR", rules, cohort.sources(),
                List.copyOf(cohort.agencies().values()), cohort.totals(), billed, invoiceError, difference, counts,
                notListed, differences, budget, summary, null);
        return new ContributionStatement(draft.schemaVersion(), "statement-" + period + "-" + scope + "-"
                + revision(draft), draft.messageType(), draft.period(), draft.scope(), draft.regionCode(),
                draft.currency(), draft.rules(), draft.sources(), draft.agencies(), draft.totals(), draft.invoice(),
                draft.invoiceError(), draft.difference(), draft.differenceCounts(), draft.differencesNotListed(),
                draft.differences(), draft.budget(), draft.summary(), clock.instant().toString());
    }

    /**
     * One pass over the month: the covered workers streamed from the ledger in KPJ order, merged with
     * the invoice's lines in KPJ order (a merge join), worker by worker: covered here but not billed,
     * billed at another amount, billed after the worker's cover ended, and billed but not covered here.
     * On one agency's statement, a billed worker who is not covered that month is listed only when the
     * ledger places them in that agency (a stranger cannot be placed; the statement of every agency
     * lists them). Keeps sums per (source, agency), the difference counts and the listed differences.
     */
    private final class Comparison {

        private final YearMonth period;
        private final String agencyIdOrNull;
        private final Invoice invoice;
        /** source -> agency -> {workers, jkk, jkm, default-income workers}, in first-seen order. */
        private final Map<String, Map<String, long[]>> sums = new LinkedHashMap<>();
        private final int[] counts = new int[4];
        private final List<ContributionStatement.Difference> listed = new ArrayList<>();
        private Iterator<Invoice.Line> lines;
        private Invoice.Line next;
        private String lastMatched;
        private String lastCovered;
        private int billedWorkers;
        private long billedJkk;
        private long billedJkm;

        Comparison(YearMonth period, String agencyIdOrNull, Invoice invoice) {
            this.period = period;
            this.agencyIdOrNull = agencyIdOrNull;
            this.invoice = invoice;
        }

        void run() {
            if (invoice != null && invoice.peserta() == null) {
                // An invoice read by the route holds no lines: they are in the ledger, read back in KPJ
                // order through a cursor on the same connection as the covered workers'.
                finance.forEachCoveredBesideInvoice(period, new FinanceLedger.InvoiceMerge() {
                    @Override
                    public void lines(InvoiceLedger.Lines stored) {
                        lines = stored;
                        advance();
                    }

                    @Override
                    public void covered(FinanceLedger.CoveredRow row) {
                        Comparison.this.covered(row);
                    }

                    @Override
                    public void rest() {
                        billedAfterTheLastCovered();
                    }
                });
                return;
            }
            if (invoice != null) {
                lines = sortedByKpj(invoice).iterator();
                advance();
            }
            // With an invoice, one agency's statement still reads every agency's covered workers: a line
            // billing a worker another agency covers that month is then passed over in the merge, not
            // looked up one query at a time (an invoice bills the whole city, most of it other agencies').
            finance.forEachCoveredByKpj(period, invoice == null ? agencyIdOrNull : null, this::covered);
            billedAfterTheLastCovered();
        }

        private void billedAfterTheLastCovered() {
            while (next != null) {
                billedNotCovered(next);
                advance();
            }
        }

        private void advance() {
            Invoice.Line previous = next;
            next = lines.hasNext() ? lines.next() : null;
            if (previous != null && next != null && BY_KPJ.compare(previous, next) > 0) {
                // As for the covered workers: a merge over lines out of order would report differences
                // that are not there.
                throw new IllegalStateException("the invoice's lines did not come in KPJ order (" + previous.kpj()
                        + " before " + next.kpj() + ")");
            }
        }

        private void covered(FinanceLedger.CoveredRow w) {
            if (lastCovered != null && lastCovered.compareTo(w.kpj()) > 0) {
                // The merge needs both sides in the same order; a ledger sorting otherwise would make
                // every worker a difference, so the statement stops rather than say so.
                throw new IllegalStateException("the ledger did not return covered workers in KPJ order ("
                        + lastCovered + " before " + w.kpj() + ")");
            }
            lastCovered = w.kpj();
            if (agencyIdOrNull != null && !agencyIdOrNull.equals(w.agencyId())) {
                // Another agency's worker (read only with an invoice): their line is that agency's.
                while (next != null && BY_KPJ.compare(next, keyOf(w.kpj())) < 0) {
                    billedNotCovered(next);
                    advance();
                }
                if (next != null && w.kpj().equals(next.kpj())) {
                    lastMatched = w.kpj();
                    advance();
                }
                return;
            }
            long income = w.monthlyIncome() == null ? defaultIncome : w.monthlyIncome();
            long jkk = ContributionRules.jkk(income);
            long jkm = ContributionRules.jkm();
            String source = w.fundingSource() != null ? w.fundingSource() : programme.sourceOf(w.agencyId());
            long[] s = sums.computeIfAbsent(source, k -> new LinkedHashMap<>())
                    .computeIfAbsent(w.agencyId(), k -> new long[4]);
            s[0]++;
            s[1] = Math.addExact(s[1], jkk);
            s[2] = Math.addExact(s[2], jkm);
            if (w.monthlyIncome() == null) {
                s[3]++;
            }
            if (invoice == null) {
                return;
            }
            while (next != null && BY_KPJ.compare(next, keyOf(w.kpj())) < 0) {
                billedNotCovered(next);
                advance();
            }
            long due = jkk + jkm;
            if (next != null && w.kpj().equals(next.kpj())) {
                billedWorkers++;
                billedJkk = Math.addExact(billedJkk, next.iuranJkk());
                billedJkm = Math.addExact(billedJkm, next.iuranJkm());
                if (next.total() != due) {
                    Invoice.Line line = next;
                    difference(3, () -> new ContributionStatement.Difference(
                            ContributionStatement.Difference.AMOUNT_DIFFERS, w.kpj(), NikMask.mask(finance.nikOf(w)),
                            w.name(), w.agencyId(), due, line.total(), null, null,
                            "Nilai tagihan berbeda: dihitung Rp " + Money.format(due) + ", ditagih Rp "
                                    + Money.format(line.total()) + " / billed amount differs: worked out Rp "
                                    + Money.format(due) + ", billed Rp " + Money.format(line.total())));
                }
                lastMatched = w.kpj();
                advance();
            } else {
                difference(0, () -> new ContributionStatement.Difference(
                        ContributionStatement.Difference.ENROLLED_NOT_BILLED, w.kpj(), NikMask.mask(finance.nikOf(w)),
                        w.name(), w.agencyId(), due, null, null, null,
                        "Terdaftar dan aktif di gateway pada " + period + ", tidak ditagih BPJS / covered here in "
                                + period + ", not billed by BPJS"));
            }
        }

        /**
         * A billed line with no worker covered that month in this scope: billed after the worker's cover
         * ended, or billed for a worker enrolled later or never through this gateway. One lookup by KPJ
         * (indexed) per such line; the comparison's memory stays flat however many there are.
         */
        private void billedNotCovered(Invoice.Line line) {
            if (line.kpj() != null && line.kpj().equals(lastMatched)) {
                // The same worker on a second line of the invoice: billed twice for the month.
                difference(1, () -> new ContributionStatement.Difference(
                        ContributionStatement.Difference.BILLED_NOT_ENROLLED, line.kpj(), NikMask.mask(line.nik()),
                        line.nama(), agencyIdOrNull, null, line.total(), null, null,
                        "Ditagih dua kali untuk " + period + " / billed twice for " + period));
                return;
            }
            List<CoveragePeriod> periods = line.kpj() == null ? List.of() : finance.coveragePeriods(line.kpj());
            if (periods.stream().anyMatch(p -> p.covers(period))) {
                // Covered that month, by another agency than this statement's (on the statement of every
                // agency the worker was matched): that agency's statement bills them, not this one.
                return;
            }
            CoveragePeriod ended = null;
            for (CoveragePeriod p : periods) {
                if (p.lastMonth() != null && p.lastMonth().isBefore(period)
                        && (ended == null || p.lastMonth().isAfter(ended.lastMonth()))) {
                    ended = p;
                }
            }
            if (ended != null) {
                if (agencyIdOrNull != null && !agencyIdOrNull.equals(ended.agencyId())) {
                    return;
                }
                CoveragePeriod last = ended;
                String reason = last.endReason() == null ? "alasan tidak dicatat / reason not recorded"
                        : last.endReason().text();
                String[] words = reason.split(" / ", 2);
                difference(2, () -> new ContributionStatement.Difference(
                        ContributionStatement.Difference.BILLED_AFTER_END, line.kpj(), NikMask.mask(line.nik()),
                        line.nama(), last.agencyId(), null, line.total(), last.lastMonth().toString(),
                        last.endReason() == null ? null : last.endReason().name(),
                        "Ditagih untuk " + period + ", padahal kepesertaan berakhir " + last.lastMonth() + " ("
                                + words[0] + ") / billed for " + period + ", but cover ended " + last.lastMonth()
                                + " (" + (words.length > 1 ? words[1] : words[0]) + ")"));
                return;
            }
            Optional<WorkerEnrollment> known = line.kpj() == null ? Optional.empty()
                    : ledger.findWorkerByKpj(line.kpj());
            String agencyId = known.map(WorkerEnrollment::agencyId).orElse(null);
            if (agencyIdOrNull != null && !agencyIdOrNull.equals(agencyId)) {
                return;
            }
            difference(1, () -> new ContributionStatement.Difference(
                    ContributionStatement.Difference.BILLED_NOT_ENROLLED, line.kpj(), NikMask.mask(line.nik()),
                    line.nama(), agencyId, null, line.total(), null, null, known.isPresent()
                    ? "Ditagih, tetapi kepesertaan di gateway mulai setelah " + period
                            + " / billed, but cover here starts after " + period
                    : "Ditagih BPJS, tidak terdaftar melalui gateway / billed by BPJS, not enrolled through this"
                            + " gateway"));
        }

        /** Counts the difference; makes and keeps it (and decrypts what it needs) only while under the cap. */
        private void difference(int kind, java.util.function.Supplier<ContributionStatement.Difference> make) {
            counts[kind]++;
            if (listed.size() < listedDifferences) {
                listed.add(make.get());
            }
        }

        List<ContributionStatement.Difference> listed() {
            List<ContributionStatement.Difference> out = new ArrayList<>(listed);
            out.sort(Comparator.comparing(ContributionStatement.Difference::kind)
                    .thenComparing(d -> String.valueOf(d.kpj())));
            return out;
        }

        ContributionStatement.DifferenceCounts counts() {
            return new ContributionStatement.DifferenceCounts(counts[0], counts[1], counts[2], counts[3],
                    counts[0] + counts[1] + counts[2] + counts[3]);
        }

        /** The invoice's totals over this statement's scope: its own on every agency's, else the matched lines'. */
        ContributionStatement.Totals billed() {
            if (agencyIdOrNull == null) {
                return new ContributionStatement.Totals(invoice.jumlahPeserta(), invoice.totalIuranJkk(),
                        invoice.totalIuranJkm(), invoice.totalIuran());
            }
            return new ContributionStatement.Totals(billedWorkers, billedJkk, billedJkm,
                    Math.addExact(billedJkk, billedJkm));
        }

        Cohort cohort() {
            List<ContributionStatement.SourceTotals> sources = new ArrayList<>();
            Map<String, long[]> perAgency = new LinkedHashMap<>();
            long[] all = new long[4];
            for (Map.Entry<String, Map<String, long[]>> source : sums.entrySet()) {
                long[] st = new long[4];
                List<ContributionStatement.AgencyTotals> within = new ArrayList<>();
                for (Map.Entry<String, long[]> a : source.getValue().entrySet()) {
                    long[] s = a.getValue();
                    within.add(agencyTotals(a.getKey(), s));
                    add(st, s);
                    add(perAgency.computeIfAbsent(a.getKey(), k -> new long[4]), s);
                }
                within.sort(Comparator.comparing(ContributionStatement.AgencyTotals::agencyId));
                add(all, st);
                Programme.FundingSource configured = programme.sources().stream()
                        .filter(f -> f.code().equals(source.getKey())).findFirst().orElse(null);
                sources.add(new ContributionStatement.SourceTotals(source.getKey(),
                        configured == null ? source.getKey() : configured.name(),
                        configured == null ? null : configured.account(), (int) st[0], st[1], st[2],
                        Math.addExact(st[1], st[2]), (int) st[3], List.copyOf(within)));
            }
            sources.sort(Comparator.comparing(ContributionStatement.SourceTotals::source));
            Map<String, ContributionStatement.AgencyTotals> agencyTotals = new LinkedHashMap<>();
            perAgency.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> agencyTotals.put(e.getKey(), agencyTotals(e.getKey(), e.getValue())));
            return new Cohort(List.copyOf(sources), agencyTotals, new ContributionStatement.Totals(
                    Math.toIntExact(all[0]), all[1], all[2], Math.addExact(all[1], all[2])));
        }

        private ContributionStatement.AgencyTotals agencyTotals(String agencyId, long[] s) {
            return new ContributionStatement.AgencyTotals(agencyId,
                    agencies.byId(agencyId).map(Agency::name).orElse(null), Math.toIntExact(s[0]), s[1], s[2],
                    Math.addExact(s[1], s[2]), Math.toIntExact(s[3]));
        }
    }

    private static void add(long[] into, long[] s) {
        for (int i = 0; i < into.length; i++) {
            into[i] = Math.addExact(into[i], s[i]);
        }
    }

    private static Invoice.Line keyOf(String kpj) {
        return new Invoice.Line(kpj, null, null, 0, 0, 0);
    }

    /**
     * The invoice's lines in KPJ order: as they come when BPJS sent them sorted (docs/bpjs-api.md; checked
     * in one pass), else a sorted copy, which costs one reference per line beside the invoice itself.
     */
    static List<Invoice.Line> sortedByKpj(Invoice invoice) {
        List<Invoice.Line> lines = invoice.peserta() == null ? List.of() : invoice.peserta();
        Invoice.Line previous = null;
        for (Invoice.Line line : lines) {
            if (previous != null && BY_KPJ.compare(previous, line) > 0) {
                List<Invoice.Line> sorted = new ArrayList<>(lines);
                sorted.sort(BY_KPJ);
                return sorted;
            }
            previous = line;
        }
        return lines;
    }

    private static String summary(YearMonth period, String scope, ContributionStatement.Totals due,
                                  ContributionStatement.Totals billed, int differences, int notListed,
                                  BudgetCheck budget, String invoiceError) {
        StringBuilder s = new StringBuilder();
        s.append("Iuran ").append(period).append(" (").append(scope).append("): ").append(due.workers())
                .append(" pekerja, Rp ").append(Money.format(due.total()));
        if (billed != null) {
            s.append("; tagihan BPJS Rp ").append(Money.format(billed.total())).append(", ").append(differences)
                    .append(" selisih");
            if (notListed > 0) {
                s.append(" (").append(notListed).append(" tidak dirinci)");
            }
        }
        s.append(" / contributions ").append(period).append(" (").append(scope).append("): ").append(due.workers())
                .append(" workers, Rp ").append(Money.format(due.total()));
        if (billed != null) {
            s.append("; BPJS invoice Rp ").append(Money.format(billed.total())).append(", ").append(differences)
                    .append(" difference(s)");
            if (notListed > 0) {
                s.append(" (").append(notListed).append(" not listed)");
            }
        }
        if (invoiceError != null) {
            s.append(". ").append(invoiceError);
        }
        if (budget != null && budget.warning() != null) {
            s.append(". PERINGATAN / WARNING: ").append(budget.warning());
        }
        return s.toString();
    }

    /** A short hash of the figures: the same statement gets the same message id. */
    private String revision(ContributionStatement draft) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(draft)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the statement", e);
        }
    }
}
