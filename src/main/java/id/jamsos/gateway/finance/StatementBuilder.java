package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.ledger.CoveredWorker;
import id.jamsos.gateway.ledger.FinanceLedger;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
 * intake, or the configured default income for rows that predate it; JKM flat. Whole rupiah.
 */
public final class StatementBuilder {

    /** Where the invoice comes from: the endpoint in production, anything in tests. */
    @FunctionalInterface
    public interface InvoiceSource {
        /** The invoice, or an exception when it cannot be had. */
        Invoice invoice(YearMonth period, String regionCode);
    }

    private final FinanceLedger finance;
    private final Ledger ledger;
    private final AgencyRegistry agencies;
    private final InvoiceSource invoices;
    private final String regionCode;
    private final long defaultIncome;
    private final long annualBudget;
    private final ZoneId zone;
    private final ObjectMapper json;
    private final Clock clock;

    public StatementBuilder(FinanceLedger finance, Ledger ledger, AgencyRegistry agencies, InvoiceSource invoices,
                            String regionCode, long defaultIncome, long annualBudget, ZoneId zone, ObjectMapper json,
                            Clock clock) {
        this.finance = finance;
        this.ledger = ledger;
        this.agencies = agencies;
        this.invoices = invoices;
        this.regionCode = regionCode;
        this.defaultIncome = defaultIncome;
        this.annualBudget = annualBudget;
        this.zone = zone;
        this.json = json;
        this.clock = clock;
    }

    /** What the workers covered in a month owe, per agency and in total. */
    public record Cohort(Map<String, ContributionStatement.AgencyTotals> agencies, ContributionStatement.Totals totals,
                         Map<String, Due> byKpj) {
    }

    /** One covered worker's contribution for the month. */
    public record Due(CoveredWorker worker, long jkk, long jkm) {
        long total() {
            return jkk + jkm;
        }
    }

    /** The workers covered in {@code period}, of one agency or of all when {@code agencyIdOrNull} is null. */
    public Cohort cohort(YearMonth period, String agencyIdOrNull) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Due> byKpj = new HashMap<>();
        finance.forEachWorkerCoveredIn(period, agencyIdOrNull, w -> {
            long income = w.monthlyIncome() == null ? defaultIncome : w.monthlyIncome();
            Due due = new Due(w, ContributionRules.jkk(income), ContributionRules.jkm());
            byKpj.put(w.kpj(), due);
            long[] s = sums.computeIfAbsent(w.agencyId(), k -> new long[4]);
            s[0]++;
            s[1] += due.jkk();
            s[2] += due.jkm();
            if (w.monthlyIncome() == null) {
                s[3]++;
            }
        });
        Map<String, ContributionStatement.AgencyTotals> perAgency = new LinkedHashMap<>();
        int workers = 0;
        long jkk = 0;
        long jkm = 0;
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] s = e.getValue();
            perAgency.put(e.getKey(), new ContributionStatement.AgencyTotals(e.getKey(),
                    agencies.byId(e.getKey()).map(Agency::name).orElse(null), (int) s[0], s[1], s[2],
                    Math.addExact(s[1], s[2]), (int) s[3]));
            workers += (int) s[0];
            jkk = Math.addExact(jkk, s[1]);
            jkm = Math.addExact(jkm, s[2]);
        }
        return new Cohort(perAgency, new ContributionStatement.Totals(workers, jkk, jkm, Math.addExact(jkk, jkm)), byKpj);
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
        return BudgetCheck.of(annualBudget, workers, monthlyDue);
    }

    /**
     * The statement for {@code period}, of every agency ({@code agencyIdOrNull} null) or of one. When
     * the invoice cannot be had the statement says so in {@code invoiceError} and lists no differences.
     */
    public ContributionStatement build(YearMonth period, String agencyIdOrNull) {
        Cohort cohort = cohort(period, agencyIdOrNull);
        Invoice invoice = null;
        String invoiceError = null;
        try {
            invoice = invoices.invoice(period, regionCode);
        } catch (RuntimeException e) {
            invoiceError = "Tagihan BPJS tidak tersedia / BPJS invoice unavailable: " + e.getMessage();
        }
        return assemble(period, agencyIdOrNull, cohort, invoice, invoiceError);
    }

    /** Like {@link #build}, with the invoice already had (the monthly statement's route fetched it). */
    public ContributionStatement buildWithInvoice(YearMonth period, String agencyIdOrNull, Invoice invoice) {
        Cohort cohort = cohort(period, agencyIdOrNull);
        return assemble(period, agencyIdOrNull, cohort, invoice, null);
    }

    private ContributionStatement assemble(YearMonth period, String agencyIdOrNull, Cohort cohort, Invoice invoice,
                                           String invoiceError) {
        String scope = agencyIdOrNull == null ? ContributionStatement.ALL : agencyIdOrNull;
        List<ContributionStatement.Difference> differences = invoice == null ? List.of()
                : differences(cohort, invoice, agencyIdOrNull);
        ContributionStatement.Totals billed = invoice == null ? null : billedInScope(cohort, invoice, agencyIdOrNull);
        Long difference = billed == null ? null : cohort.totals().total() - billed.total();
        // The budget is the city's: it is checked on the statement of every agency, not on one agency's.
        BudgetCheck budget = agencyIdOrNull == null
                ? BudgetCheck.of(annualBudget, cohort.totals().workers(), cohort.totals().total()) : null;
        ContributionStatement.Rules rules = new ContributionStatement.Rules(1, ContributionRules.JKK_MIN,
                ContributionRules.JKK_MAX, ContributionRules.JKM, false, defaultIncome,
                "Pekerja dengan masa kepesertaan aktif pada bulan itu (mulai bulan pendaftaran, " + zone
                        + ", sampai bulan berakhirnya), iuran sebulan penuh / workers whose cover includes the month"
                        + " (from the month enrolled, " + zone + ", to the month it ended), a full month each");
        String summary = summary(period, scope, cohort.totals(), billed, differences.size(), budget, invoiceError);
        ContributionStatement draft = new ContributionStatement(ContributionStatement.SCHEMA_VERSION, null,
                ContributionStatement.TYPE, period.toString(), scope, regionCode, "IDR", rules,
                List.copyOf(cohort.agencies().values()), cohort.totals(), billed, invoiceError, difference, differences,
                budget, summary, null);
        return new ContributionStatement(draft.schemaVersion(), "statement-" + period + "-" + scope + "-"
                + revision(draft), draft.messageType(), draft.period(), draft.scope(), draft.regionCode(),
                draft.currency(), draft.rules(), draft.agencies(), draft.totals(), draft.invoice(), draft.invoiceError(),
                draft.difference(), draft.differences(), draft.budget(), draft.summary(), clock.instant().toString());
    }

    /**
     * Worker by worker, by KPJ: covered here but not billed, billed at another amount, and billed
     * but not covered here. On one agency's statement, a billed worker is listed only when the ledger
     * places them in that agency (a stranger cannot be placed; the statement of every agency lists them).
     */
    private List<ContributionStatement.Difference> differences(Cohort cohort, Invoice invoice, String agencyIdOrNull) {
        List<ContributionStatement.Difference> out = new ArrayList<>();
        Map<String, Invoice.Line> billedByKpj = new HashMap<>();
        for (Invoice.Line line : lines(invoice)) {
            billedByKpj.put(line.kpj(), line);
        }
        for (Due due : cohort.byKpj().values()) {
            Invoice.Line line = billedByKpj.get(due.worker().kpj());
            CoveredWorker w = due.worker();
            if (line == null) {
                out.add(new ContributionStatement.Difference(ContributionStatement.Difference.ENROLLED_NOT_BILLED,
                        w.kpj(), NikMask.mask(w.nik()), w.name(), w.agencyId(), due.total(), null,
                        "Terdaftar di gateway, tidak ditagih BPJS / enrolled here, not billed by BPJS"));
            } else if (line.total() != due.total()) {
                out.add(new ContributionStatement.Difference(ContributionStatement.Difference.AMOUNT_DIFFERS,
                        w.kpj(), NikMask.mask(w.nik()), w.name(), w.agencyId(), due.total(), line.total(),
                        "Nilai tagihan berbeda / billed amount differs"));
            }
        }
        for (Invoice.Line line : lines(invoice)) {
            if (cohort.byKpj().containsKey(line.kpj())) {
                continue;
            }
            Optional<WorkerEnrollment> known = ledger.findWorkerByKpj(line.kpj());
            String agencyId = known.map(WorkerEnrollment::agencyId).orElse(null);
            if (agencyIdOrNull != null && !agencyIdOrNull.equals(agencyId)) {
                continue;
            }
            out.add(new ContributionStatement.Difference(ContributionStatement.Difference.BILLED_NOT_ENROLLED,
                    line.kpj(), NikMask.mask(line.nik()), line.nama(), agencyId, null, line.total(), known.isPresent()
                    ? "Ditagih, tetapi terdaftar setelah periode ini / billed, but enrolled here after this period"
                    : "Ditagih BPJS, tidak terdaftar melalui gateway / billed by BPJS, not enrolled through this gateway"));
        }
        out.sort((a, b) -> {
            int k = a.kind().compareTo(b.kind());
            return k != 0 ? k : String.valueOf(a.kpj()).compareTo(String.valueOf(b.kpj()));
        });
        return out;
    }

    /** The invoice's totals over the lines of this statement's scope. */
    private ContributionStatement.Totals billedInScope(Cohort cohort, Invoice invoice, String agencyIdOrNull) {
        if (agencyIdOrNull == null) {
            return new ContributionStatement.Totals(invoice.jumlahPeserta(), invoice.totalIuranJkk(),
                    invoice.totalIuranJkm(), invoice.totalIuran());
        }
        int n = 0;
        long jkk = 0;
        long jkm = 0;
        for (Invoice.Line line : lines(invoice)) {
            if (cohort.byKpj().containsKey(line.kpj())) {
                n++;
                jkk += line.iuranJkk();
                jkm += line.iuranJkm();
            }
        }
        return new ContributionStatement.Totals(n, jkk, jkm, jkk + jkm);
    }

    private static List<Invoice.Line> lines(Invoice invoice) {
        return invoice.peserta() == null ? List.of() : invoice.peserta();
    }

    private static String summary(YearMonth period, String scope, ContributionStatement.Totals due,
                                  ContributionStatement.Totals billed, int differences, BudgetCheck budget,
                                  String invoiceError) {
        StringBuilder s = new StringBuilder();
        s.append("Iuran ").append(period).append(" (").append(scope).append("): ").append(due.workers())
                .append(" pekerja, Rp ").append(Money.format(due.total()));
        if (billed != null) {
            s.append("; tagihan BPJS Rp ").append(Money.format(billed.total())).append(", ").append(differences)
                    .append(" selisih");
        }
        s.append(" / contributions ").append(period).append(" (").append(scope).append("): ").append(due.workers())
                .append(" workers, Rp ").append(Money.format(due.total()));
        if (billed != null) {
            s.append("; BPJS invoice Rp ").append(Money.format(billed.total())).append(", ").append(differences)
                    .append(" difference(s)");
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
