package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The statement v2 on a ledger with coverage periods: the split by funding source and agency adds up
 * to the rupiah; a worker whose cover ended (a paid death claim) is not billed the month after, and a
 * BPJS line billing them is BILLED_AFTER_END with the reason and last month; differences beyond the
 * cap are counted; every statement validates against contribution-statement-v2.schema.json.
 */
abstract class StatementSplitContract extends SeededLedgerContract {

    static final JsonSchema SCHEMA_V2 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(StatementSplitContract.class.getResourceAsStream("/schemas/contribution-statement-v2.schema.json"));
    static final Instant NOW = Instant.parse("2026-04-10T03:00:00Z");
    static final YearMonth FEBRUARY = YearMonth.of(2026, 2);
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final YearMonth APRIL = YearMonth.of(2026, 4);
    static final long DEFAULT_INCOME = 2_000_000L;
    static final Long[] DINSOS = {1_500_000L, 3_000_000L, null, 1_234_550L, 50_000_000L, 900_000L};
    static final Long[] NELAYAN = {2_500_000L, 1_000_000L, 4_321_987L};
    /** The city's APBD by default; Otsus pays for the fishers; one worker paid from a CSR donor. */
    static final Programme PROGRAMME = new Programme("2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), List.of(
            new Programme.FundingSource("APBD_KOTA", "APBD Kota", 1_000_000_000L, "5.1.02.01.001", List.of()),
            new Programme.FundingSource("OTSUS", "Dana Otsus", 500_000_000L, "5.1.02.02.007", List.of("nelayan")),
            new Programme.FundingSource("CSR", "CSR Bank Papua", 10_000_000L, "4.3.01.01", List.of())), "APBD_KOTA");

    /** The invoice BPJS sends for the month asked; set by each test. */
    volatile Invoice invoice;

    StatementSplitContract(Kind kind) {
        super(kind);
    }

    static String kpj(int serial, int row) {
        return String.format("K%02d%08d", serial, row);
    }

    static long due(Long income) {
        return ContributionRules.jkk(income == null ? DEFAULT_INCOME : income) + ContributionRules.jkm();
    }

    @Override
    StatementBuilder seed() throws Exception {
        Clock february = Clock.fixed(Instant.parse("2026-02-01T01:00:00Z"), ZoneOffset.UTC);
        enrolledFile(new Ledger(ds, february), "dinsos", "feb.csv", 1, DINSOS);
        enrolledFile(new Ledger(ds, february), "nelayan", "nelayan.csv", 2, NELAYAN);
        CoverageLedger coverage = new CoverageLedger(ds, february, CoverageLedger.DEFAULT_ZONE);
        // Row 1 of dinsos died in February (a paid JKM claim): covered in February, not from March.
        coverage.end(kpj(1, 1), FEBRUARY, EndReason.DIED, "claim:JKM-1");
        // Row 3 of nelayan is handed to dinsos from April: billed to nelayan (Otsus) to March, to dinsos after.
        assertThat(coverage.transfer(kpj(2, 3), "dinsos", APRIL, "file:9/row:1")).isPresent();
        // Row 2 of dinsos is paid for by the CSR donor, whatever the agency's source.
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE coverage_period SET funding_source = 'CSR' WHERE kpj = ?")) {
            ps.setString(1, kpj(1, 2));
            ps.executeUpdate();
        }
        return builderAt(NOW, DEFAULT_INCOME, 1_510_000_000L, PROGRAMME, (period, region) -> {
            if (invoice == null) {
                throw new IllegalStateException("no invoice in this test");
            }
            return invoice;
        });
    }

    private static void enrolledFile(Ledger ledger, String agency, String name, int serial, Long[] incomes) {
        long id = ledger.registerFile(agency, name, String.format("%064d", serial), Instant.parse("2026-01-31T00:00:00Z"))
                .fileId();
        List<LedgerRow> rows = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < incomes.length; i++) {
            int row = i + 1;
            rows.add(new LedgerRow(id, row, nik(serial, row), "Pekerja " + serial + "-" + row, RowState.PENDING,
                    List.of(), "key-" + id + "-" + row, null, null, incomes[i], null));
            outcomes.add(new RowOutcome(id, row, RowState.ENROLLED, kpj(serial, row), null, agency, "Sorong"));
        }
        ledger.insertRows(id, rows);
        ledger.completeIntake(id, incomes.length, 0);
        ledger.recordOutcomes(outcomes);
    }

    static String nik(int serial, int row) {
        return String.format("9271%02d4501%06d", serial, row);
    }

    static Invoice.Line line(int serial, int row, long total) {
        long jkm = ContributionRules.jkm();
        return new Invoice.Line(kpj(serial, row), nik(serial, row), "Pekerja " + serial + "-" + row, total - jkm, jkm,
                total);
    }

    static Invoice invoiceOf(List<Invoice.Line> lines) {
        return new Invoice(MARCH.toString(), "9671", lines.size(), lines.stream().mapToLong(Invoice.Line::iuranJkk).sum(),
                lines.stream().mapToLong(Invoice.Line::iuranJkm).sum(), lines.stream().mapToLong(Invoice.Line::total).sum(),
                lines);
    }

    /**
     * March as BPJS bills it, lines out of KPJ order: everyone covered at the right amount except
     * dinsos row 4 (one rupiah more) and dinsos row 6 (missing), plus the dead worker and a stranger.
     */
    static Invoice marchInvoice() {
        List<Invoice.Line> lines = new ArrayList<>();
        lines.add(new Invoice.Line("ZZ999999999", "9271999999990001", "Orang Lain", 10_000L, 6_800L, 16_800L));
        for (int row = 3; row >= 1; row--) {
            lines.add(line(2, row, due(NELAYAN[row - 1])));
        }
        lines.add(line(1, 1, due(DINSOS[0])));
        lines.add(line(1, 2, due(DINSOS[1])));
        lines.add(line(1, 3, due(DINSOS[2])));
        lines.add(line(1, 4, due(DINSOS[3]) + 1));
        lines.add(line(1, 5, due(DINSOS[4])));
        return invoiceOf(lines);
    }

    private ContributionStatement valid(ContributionStatement s) {
        assertThat(SCHEMA_V2.validate(Json.mapper().valueToTree(s))).as("schema errors").isEmpty();
        return s;
    }

    /** Sources add up to the total, each source's agencies to the source, the agencies to the total. */
    private static void addsUp(ContributionStatement s) {
        ContributionStatement.Totals t = s.totals();
        assertThat(t.total()).isEqualTo(t.jkk() + t.jkm());
        assertThat(s.sources().stream().mapToLong(ContributionStatement.SourceTotals::total).sum()).isEqualTo(t.total());
        assertThat(s.sources().stream().mapToLong(ContributionStatement.SourceTotals::jkk).sum()).isEqualTo(t.jkk());
        assertThat(s.sources().stream().mapToInt(ContributionStatement.SourceTotals::workers).sum())
                .isEqualTo(t.workers());
        for (ContributionStatement.SourceTotals src : s.sources()) {
            assertThat(src.total()).isEqualTo(src.jkk() + src.jkm());
            assertThat(src.agencies().stream().mapToLong(ContributionStatement.AgencyTotals::total).sum())
                    .isEqualTo(src.total());
            assertThat(src.agencies().stream().mapToInt(ContributionStatement.AgencyTotals::workers).sum())
                    .isEqualTo(src.workers());
        }
        assertThat(s.agencies().stream().mapToLong(ContributionStatement.AgencyTotals::total).sum()).isEqualTo(t.total());
    }

    @Test
    void marchIsSplitBySourceAndAgencyToTheRupiah() {
        invoice = null;
        ContributionStatement s = valid(builder.build(MARCH, null));
        addsUp(s);
        long dinsosApbd = due(DINSOS[2]) + due(DINSOS[3]) + due(DINSOS[4]) + due(DINSOS[5]);
        long csr = due(DINSOS[1]);
        long otsus = due(NELAYAN[0]) + due(NELAYAN[1]) + due(NELAYAN[2]);
        Map<String, ContributionStatement.SourceTotals> bySource = s.sources().stream()
                .collect(Collectors.toMap(ContributionStatement.SourceTotals::source, x -> x));
        assertThat(bySource.keySet()).containsExactlyInAnyOrder("APBD_KOTA", "OTSUS", "CSR");
        assertThat(bySource.get("APBD_KOTA").total()).isEqualTo(dinsosApbd);
        assertThat(bySource.get("APBD_KOTA").workers()).isEqualTo(4);
        assertThat(bySource.get("APBD_KOTA").account()).isEqualTo("5.1.02.01.001");
        assertThat(bySource.get("APBD_KOTA").workersWithDefaultIncome()).isEqualTo(1);
        assertThat(bySource.get("CSR").total()).isEqualTo(csr);
        assertThat(bySource.get("CSR").account()).isEqualTo("4.3.01.01");
        assertThat(bySource.get("CSR").agencies()).extracting(ContributionStatement.AgencyTotals::agencyId)
                .containsExactly("dinsos");
        assertThat(bySource.get("OTSUS").total()).isEqualTo(otsus);
        assertThat(bySource.get("OTSUS").account()).isEqualTo("5.1.02.02.007");
        assertThat(s.totals()).isEqualTo(new ContributionStatement.Totals(8,
                s.totals().jkk(), 8 * ContributionRules.jkm(), dinsosApbd + csr + otsus));
        assertThat(s.agencies()).extracting(ContributionStatement.AgencyTotals::total)
                .containsExactly(dinsosApbd + csr, otsus);
        assertThat(s.differenceCounts().total()).isZero();
    }

    @Test
    void theDeadWorkerIsBilledInFebruaryAndNotInMarch() {
        invoice = null;
        ContributionStatement feb = valid(builder.build(FEBRUARY, null));
        ContributionStatement mar = valid(builder.build(MARCH, null));
        addsUp(feb);
        assertThat(feb.totals().workers()).isEqualTo(9);
        assertThat(mar.totals().workers()).isEqualTo(8);
        assertThat(feb.totals().total() - mar.totals().total()).isEqualTo(due(DINSOS[0]));
    }

    @Test
    void theInvoiceDifferencesAreExplainedWorkerByWorker() {
        invoice = marchInvoice();
        ContributionStatement s = valid(builder.build(MARCH, null));
        addsUp(s);
        assertThat(s.invoice().total()).isEqualTo(invoice.totalIuran());
        assertThat(s.difference()).isEqualTo(s.totals().total() - invoice.totalIuran());
        assertThat(s.differenceCounts()).isEqualTo(new ContributionStatement.DifferenceCounts(1, 1, 1, 1, 4));
        assertThat(s.differencesNotListed()).isZero();
        Map<String, ContributionStatement.Difference> byKind = s.differences().stream()
                .collect(Collectors.toMap(ContributionStatement.Difference::kind, d -> d));
        ContributionStatement.Difference dead = byKind.get(ContributionStatement.Difference.BILLED_AFTER_END);
        assertThat(dead.kpj()).isEqualTo(kpj(1, 1));
        assertThat(dead.lastCoveredMonth()).isEqualTo("2026-02");
        assertThat(dead.endReason()).isEqualTo("DIED");
        assertThat(dead.agencyId()).isEqualTo("dinsos");
        assertThat(dead.billed()).isEqualTo(due(DINSOS[0]));
        assertThat(dead.due()).isNull();
        assertThat(dead.explanation()).contains("berakhir 2026-02", "meninggal dunia", "cover ended 2026-02", "died");
        assertThat(dead.nikMasked()).contains("*").doesNotContain(nik(1, 1));
        ContributionStatement.Difference missing = byKind.get(ContributionStatement.Difference.ENROLLED_NOT_BILLED);
        assertThat(missing.kpj()).isEqualTo(kpj(1, 6));
        assertThat(missing.due()).isEqualTo(due(DINSOS[5]));
        // Listed, so its NIK was read from the ledger, and shown masked.
        assertThat(missing.nikMasked()).contains("*").endsWith(nik(1, 6).substring(12));
        ContributionStatement.Difference amount = byKind.get(ContributionStatement.Difference.AMOUNT_DIFFERS);
        assertThat(amount.kpj()).isEqualTo(kpj(1, 4));
        assertThat(amount.billed() - amount.due()).isEqualTo(1L);
        assertThat(byKind.get(ContributionStatement.Difference.BILLED_NOT_ENROLLED).kpj()).isEqualTo("ZZ999999999");
        assertThat(s.differences()).allSatisfy(d -> assertThat(d.explanation()).contains(" / "));
    }

    @Test
    void differencesBeyondTheCapAreCountedNotListed() {
        invoice = marchInvoice();
        ContributionStatement s = valid(builder.listingAtMost(2).build(MARCH, null));
        assertThat(s.differences()).hasSize(2);
        assertThat(s.differenceCounts().total()).isEqualTo(4);
        assertThat(s.differencesNotListed()).isEqualTo(2);
        assertThat(s.summary()).contains("4 selisih", "2 tidak dirinci", "2 not listed");
        // The same figures whatever the cap: only the listing is shorter.
        assertThat(s.totals()).isEqualTo(builder.build(MARCH, null).totals());
        ContributionStatement none = valid(builder.listingAtMost(0).build(MARCH, null));
        assertThat(none.differences()).isEmpty();
        assertThat(none.differencesNotListed()).isEqualTo(4);
    }

    @Test
    void oneAgencysStatementListsOnlyItsOwnWorkers() {
        invoice = marchInvoice();
        ContributionStatement nelayan = valid(builder.build(MARCH, "nelayan"));
        addsUp(nelayan);
        assertThat(nelayan.sources()).extracting(ContributionStatement.SourceTotals::source).containsExactly("OTSUS");
        assertThat(nelayan.differences()).isEmpty();
        assertThat(nelayan.invoice().total()).isEqualTo(nelayan.totals().total());
        ContributionStatement dinsos = valid(builder.build(MARCH, "dinsos"));
        addsUp(dinsos);
        assertThat(dinsos.differences()).extracting(ContributionStatement.Difference::kind).containsExactly(
                "AMOUNT_DIFFERS", "BILLED_AFTER_END", "ENROLLED_NOT_BILLED");
        assertThat(nelayan.totals().total() + dinsos.totals().total())
                .isEqualTo(builder.build(MARCH, null).totals().total());
    }

    @Test
    void aHandoverMovesTheWorkerAndTheirSourceFromTheMonthItTakesEffect() {
        invoice = null;
        ContributionStatement march = valid(builder.build(MARCH, null));
        ContributionStatement april = valid(builder.build(APRIL, null));
        addsUp(april);
        assertThat(april.totals()).isEqualTo(march.totals());
        Map<String, Long> bySource = april.sources().stream().collect(Collectors.toMap(
                ContributionStatement.SourceTotals::source, ContributionStatement.SourceTotals::total));
        assertThat(bySource.get("OTSUS")).isEqualTo(due(NELAYAN[0]) + due(NELAYAN[1]));
        assertThat(bySource.get("APBD_KOTA"))
                .isEqualTo(due(DINSOS[2]) + due(DINSOS[3]) + due(DINSOS[4]) + due(DINSOS[5]) + due(NELAYAN[2]));
        // April's invoice bills the same eight workers: each agency's statement finds its own, no difference.
        List<Invoice.Line> lines = new ArrayList<>();
        for (int row = 2; row <= 6; row++) {
            lines.add(line(1, row, due(DINSOS[row - 1])));
        }
        for (int row = 1; row <= 3; row++) {
            lines.add(line(2, row, due(NELAYAN[row - 1])));
        }
        invoice = invoiceOf(lines);
        ContributionStatement nelayan = valid(builder.build(APRIL, "nelayan"));
        ContributionStatement dinsos = valid(builder.build(APRIL, "dinsos"));
        assertThat(nelayan.differences()).isEmpty();
        assertThat(dinsos.differences()).isEmpty();
        assertThat(nelayan.invoice().total()).isEqualTo(nelayan.totals().total())
                .isEqualTo(due(NELAYAN[0]) + due(NELAYAN[1]));
        assertThat(dinsos.invoice().total()).isEqualTo(dinsos.totals().total());
        assertThat(nelayan.invoice().total() + dinsos.invoice().total()).isEqualTo(invoice.totalIuran());
    }
}
