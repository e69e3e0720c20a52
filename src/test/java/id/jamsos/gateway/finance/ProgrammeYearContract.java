package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.ClaimMessage;
import id.jamsos.gateway.ledger.ClaimRecord;
import id.jamsos.gateway.ledger.CoverageEnd;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.EndReason;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.PaymentLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.support.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kota Sorong's programme year on a moving clock: 19,336 workers enrolled in March 2024 by ten
 * district offices (Rp 16,800 each a month, Rp 324,844,800 in all), then deaths (paid JKM claims),
 * departures and a handover between offices during the year. Every month's statement adds up to the
 * rupiah over the workers actually covered that month, per agency and in total, and no worker is
 * billed after the month their cover ended.
 */
abstract class ProgrammeYearContract extends SeededLedgerContract {

    static final int WORKERS = 19_336;
    static final int OFFICES = 10;
    static final long MONTHLY = 16_800L;
    /** 09:00 WIT on 5 March 2024: every worker's cover starts in March. */
    static final Instant ENROLLED = Instant.parse("2024-03-05T00:00:00Z");

    final MutableClock clock = new MutableClock(ENROLLED);
    final Map<String, List<String>> kpjsByOffice = new LinkedHashMap<>();
    CoverageLedger coverage;

    ProgrammeYearContract(Kind kind) {
        super(kind);
    }

    static String office(int i) {
        return String.format("distrik-%02d", i + 1);
    }

    @Override
    StatementBuilder seed() {
        Ledger ledger = new Ledger(ds, clock, PersonalDataCipher.forTests(), WIT);
        int next = 0;
        for (int o = 0; o < OFFICES; o++) {
            int count = WORKERS / OFFICES + (o < WORKERS % OFFICES ? 1 : 0);
            long file = ledger.registerFile(office(o), "pbi-2024-" + o + ".csv", String.format("%064d", o + 1), ENROLLED)
                    .fileId();
            List<LedgerRow> rows = new ArrayList<>(count);
            List<RowOutcome> outcomes = new ArrayList<>(count);
            List<String> kpjs = new ArrayList<>(count);
            for (int r = 1; r <= count; r++, next++) {
                // Sorong NIKs: 9271 + district + a birth date in 1990 + serial; KPJs with letters, as BPJS issues them.
                String nik = String.format("9271%02d0101%02d%04d", o + 1, 80 + next / 9999, 1 + next % 9999);
                String kpj = String.format("%02dK%04d%04d", o, next / 10_000, next % 10_000);
                rows.add(new LedgerRow(file, r, nik, "Pekerja " + next, RowState.PENDING, List.of(),
                        "key-" + file + "-" + r, null, null, 1_000_000L, null));
                outcomes.add(new RowOutcome(file, r, RowState.ENROLLED, kpj, null, office(o), "Sorong"));
                kpjs.add(kpj);
            }
            ledger.insertRows(file, rows);
            ledger.completeIntake(file, count, 0);
            for (int from = 0; from < outcomes.size(); from += 1_000) {
                ledger.recordOutcomes(outcomes.subList(from, Math.min(outcomes.size(), from + 1_000)));
            }
            kpjsByOffice.put(office(o), kpjs);
        }
        coverage = new CoverageLedger(ds, clock, WIT);
        return builderAt(ENROLLED, 1_000_000L, 2_200_000_000L);
    }

    /** Kota Sorong's 2024 programme: March to December, Rp 2.2 billion of the city's APBD. */
    static Programme sorong2024() {
        return new Programme("2024", YearMonth.of(2024, 3), YearMonth.of(2024, 12),
                List.of(new Programme.FundingSource("APBD_KOTA", "APBD Kota Sorong", 2_200_000_000L, "5.1.02.01.001",
                        List.of())), "APBD_KOTA");
    }

    @Test
    void inMarchThePlanSaysTheMoneyRunsOutAfterAugustAndALatePaymentRaisesTheAlarmLongBeforeALapse() {
        clock.set(Instant.parse("2024-03-20T01:00:00Z"));
        BudgetPlan march = new BudgetPlanner(sorong2024(), new BudgetLedger(ds, PersonalDataCipher.forTests(), clock),
                1_000_000L, WIT, clock).plan();
        assertThat(march.workers()).isEqualTo(WORKERS);
        assertThat(march.costPerMonth()).isEqualTo(324_844_800L);
        // Rp 2.2 bn / Rp 324,844,800 = 6.77 months: March to August paid in full, September not.
        assertThat(march.monthsBoughtText()).isEqualTo("6.77");
        assertThat(march.runsOutAfter()).isEqualTo(YearMonth.of(2024, 8));
        assertThat(march.warning()).isNotNull();

        // Finance pays each month by the 10th of the next, except June, paid on 20 August. BPJS sets the
        // cohort non-active after three unpaid months; the gateway's alarm is up from 16 July, with one.
        PaymentLedger payments = new PaymentLedger(ds);
        // What each month's statement bills: worked out once per month, read every day.
        Map<YearMonth, Long> due = new LinkedHashMap<>();
        java.util.function.Function<YearMonth, Long> dueOf = m -> due.computeIfAbsent(m,
                k -> builder.cohort(k, null).totals().total());
        int sp2d = 0;
        int worstRun = 0;
        YearMonth alarmed = null;
        for (LocalDate day = LocalDate.of(2024, 4, 1); day.isBefore(LocalDate.of(2025, 1, 1)); day = day.plusDays(1)) {
            YearMonth previous = YearMonth.from(day).minusMonths(1);
            boolean payDay = day.getDayOfMonth() == 10 && !previous.equals(YearMonth.of(2024, 6));
            boolean lateJune = day.equals(LocalDate.of(2024, 8, 20));
            if (payDay || lateJune) {
                YearMonth paid = lateJune ? YearMonth.of(2024, 6) : previous;
                assertThat(payments.recordPayment(new PaymentLedger.NewPayment("SP2D-" + (++sp2d), "APBD_KOTA", day,
                        paid, dueOf.apply(paid), "5.1.02.01.001"), "test",
                        day.atStartOfDay(WIT).toInstant()).outcome()).isEqualTo(PaymentLedger.PaymentOutcome.RECORDED);
            }
            List<YearMonth> months = new ArrayList<>();
            for (YearMonth m = YearMonth.of(2024, 3); m.isBefore(YearMonth.from(day)); m = m.plusMonths(1)) {
                months.add(m);
            }
            Arrears.Summary summary = Arrears.of(months, List.of(), payments.paidByMonth(), dueOf, 15, day);
            worstRun = Math.max(worstRun, summary.consecutive());
            if (alarmed == null && summary.monthsInArrears() > 0) {
                alarmed = summary.inArrears().get(0).period();
                assertThat(day).isEqualTo(LocalDate.of(2024, 7, 16));
                assertThat(summary.inArrears().get(0).stage()).isEqualTo(1);
                assertThat(summary.outstandingInArrears()).isEqualTo(dueOf.apply(alarmed));
            }
            if (day.isAfter(LocalDate.of(2024, 8, 20))) {
                assertThat(summary.monthsInArrears()).as("months in arrears on %s", day).isZero();
            }
        }
        assertThat(alarmed).isEqualTo(YearMonth.of(2024, 6));
        // Never two months unpaid at once, let alone the three that lapse a cohort.
        assertThat(worstRun).isEqualTo(1);
        // Paid to the rupiah for March to November (December is due in January).
        long billed = 0;
        for (YearMonth m = YearMonth.of(2024, 3); m.isBefore(YearMonth.of(2024, 12)); m = m.plusMonths(1)) {
            billed += dueOf.apply(m);
        }
        assertThat(payments.paidByMonth().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(billed);
    }

    @Test
    void aYearOfCoverAddsUpEveryMonthAndNobodyIsBilledAfterTheirCoverEnded() {
        FinanceLedger finance = new FinanceLedger(ds);
        Map<String, YearMonth> endedIn = new LinkedHashMap<>();
        Map<YearMonth, Integer> expectedWorkers = new LinkedHashMap<>();
        Map<YearMonth, Map<String, Integer>> expectedPerOffice = new LinkedHashMap<>();
        Map<String, Integer> perOffice = new LinkedHashMap<>();
        kpjsByOffice.forEach((office, kpjs) -> perOffice.put(office, kpjs.size()));
        int covered = WORKERS;
        for (YearMonth month = YearMonth.of(2024, 3); !month.isAfter(YearMonth.of(2024, 12)); month = month.plusMonths(1)) {
            clock.set(month.atDay(20).atTime(10, 0).atZone(WIT).toInstant());
            expectedWorkers.put(month, covered);
            expectedPerOffice.put(month, new LinkedHashMap<>(perOffice));
            if (month.equals(YearMonth.of(2024, 4))) {
                // Three workers of the first office die; BPJS pays their JKM: cover ends with April.
                for (int i = 0; i < 3; i++) {
                    String kpj = kpjsByOffice.get(office(0)).get(i);
                    String claimId = "JKM-2024-" + i;
                    assertThat(finance.recordClaim(new ClaimRecord(claimId, "JKM", kpj, null, 42_000_000L, office(0),
                            clock.instant(), "{}"), new ClaimMessage(claimId, "finance", null, "{}",
                            Map.of("messageType", "CLAIM_PAID")), new CoverageEnd(kpj, month, EndReason.DIED,
                            "claim:" + claimId))).isTrue();
                    endedIn.put(kpj, month);
                }
                covered -= 3;
                perOffice.merge(office(0), -3, Integer::sum);
            }
            if (month.equals(YearMonth.of(2024, 6))) {
                // Five workers of the second office move away; their office ends their cover with June.
                for (int i = 0; i < 5; i++) {
                    String kpj = kpjsByOffice.get(office(1)).get(i);
                    assertThat(coverage.end(kpj, month, EndReason.MOVED, "file:99/row:" + (i + 2)).outcome())
                            .isEqualTo(CoverageLedger.EndOutcome.ENDED);
                    endedIn.put(kpj, month);
                }
                covered -= 5;
                perOffice.merge(office(1), -5, Integer::sum);
            }
            if (month.equals(YearMonth.of(2024, 7))) {
                // Ten fishermen of the third office are handed to the fourth from August.
                for (int i = 0; i < 10; i++) {
                    assertThat(coverage.transfer(kpjsByOffice.get(office(2)).get(i), office(3), month.plusMonths(1),
                            "file:100/row:" + (i + 2))).isPresent();
                }
                perOffice.merge(office(2), -10, Integer::sum);
                perOffice.merge(office(3), 10, Integer::sum);
            }
        }

        long year = 0;
        for (Map.Entry<YearMonth, Integer> e : expectedWorkers.entrySet()) {
            YearMonth month = e.getKey();
            int workers = e.getValue();
            StatementBuilder.Cohort cohort = builder.cohort(month, null);
            assertThat(cohort.totals().workers()).as("workers billed for %s", month).isEqualTo(workers);
            assertThat(cohort.totals().total()).as("total for %s", month).isEqualTo(workers * MONTHLY);
            long sumOfAgencies = cohort.agencies().values().stream().mapToLong(ContributionStatement.AgencyTotals::total)
                    .sum();
            assertThat(sumOfAgencies).as("agencies add up in %s", month).isEqualTo(cohort.totals().total());
            Map<String, Integer> billedPerOffice = new LinkedHashMap<>();
            cohort.agencies().forEach((office, t) -> billedPerOffice.put(office, t.workers()));
            assertThat(billedPerOffice).as("workers per office in %s", month).isEqualTo(expectedPerOffice.get(month));
            Set<String> billed = new HashSet<>();
            finance.forEachWorkerCoveredIn(month, null, w -> billed.add(w.kpj()));
            assertThat(billed).hasSize(workers);
            endedIn.forEach((kpj, last) -> assertThat(billed.contains(kpj)).as("%s billed in %s (cover ended %s)", kpj,
                    month, last).isEqualTo(!month.isAfter(last)));
            assertThat(coverage.coveredIn(month, null)).isEqualTo(workers);
            year += cohort.totals().total();
        }
        // March to December: 10 x 19,336 workers, less 3 from May, 5 from July, at Rp 16,800.
        assertThat(year).isEqualTo((10L * WORKERS - 3 * 8 - 5 * 6) * MONTHLY);
    }
}
