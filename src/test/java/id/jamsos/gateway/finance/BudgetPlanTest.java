package id.jamsos.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's arithmetic on Kota Sorong's numbers (shared/domain.md): 19,336 workers at Rp 16,800. */
class BudgetPlanTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    private static final long WORKERS = 19_336;
    private static final long PER_WORKER = 16_800;
    private static final long MONTHLY = 324_844_800L;

    private static Programme sorong(YearMonth first, long budget) {
        return new Programme("2026", first, YearMonth.of(2026, 12), List.of(
                new Programme.FundingSource("APBD_KOTA", "APBD Kota", budget, "5.1.02.01.001", List.of())), "APBD_KOTA");
    }

    /** Every worker covered from March, under the city's APBD. */
    private static final BudgetPlan.MonthlyCost FROM_MARCH = m -> m.isBefore(MARCH) ? Map.of()
            : Map.of("APBD_KOTA", new BudgetPlan.Cost(WORKERS, WORKERS * PER_WORKER));

    @Test
    void sorongsBudgetFromMarchBuysSixWholeMonthsAndRunsOutAfterAugust() {
        assertThat(WORKERS * PER_WORKER).isEqualTo(MONTHLY);
        BudgetPlan plan = BudgetPlan.of(sorong(MARCH, 2_200_000_000L), Map.of(), MARCH, FROM_MARCH);

        assertThat(plan.workers()).isEqualTo(WORKERS);
        assertThat(plan.costPerMonth()).isEqualTo(MONTHLY);
        assertThat(plan.spent()).isEqualTo(MONTHLY);
        assertThat(plan.remaining()).isEqualTo(2_200_000_000L - MONTHLY);
        assertThat(plan.monthsBought()).isEqualTo(6);
        assertThat(plan.monthsBoughtText()).isEqualTo("6.77");
        assertThat(plan.runsOutAfter()).isEqualTo(YearMonth.of(2026, 8));
        assertThat(plan.runsOut()).isTrue();
        assertThat(plan.warning()).contains("2026-08", "2026-12", "hanya cukup", "lasts only");
        // March to December is ten months: the cohort needs Rp 3,248,448,000, so the headroom is short.
        assertThat(plan.monthsToCarry()).isEqualTo(10);
        assertThat(plan.headroom()).isEqualTo(2_200_000_000L - 10 * MONTHLY);
    }

    @Test
    void spentCountsEveryProgrammeMonthUpToThisOne() {
        // Programme from January, workers from March; in May three months are spent.
        BudgetPlan plan = BudgetPlan.of(sorong(YearMonth.of(2026, 1), 2_200_000_000L), Map.of(),
                YearMonth.of(2026, 5), FROM_MARCH);
        assertThat(plan.spent()).isEqualTo(3 * MONTHLY);
        // The same money, the same last month paid: August.
        assertThat(plan.runsOutAfter()).isEqualTo(YearMonth.of(2026, 8));
        assertThat(plan.monthsBought()).isEqualTo(4);
        assertThat(plan.monthsBoughtText()).isEqualTo("4.77");
    }

    @Test
    void aTopUpMovesTheRunOutMonthAndEnoughMoneyDoesNotRunOut() {
        Programme p = sorong(MARCH, 2_200_000_000L);
        // APBD-P adds Rp 700 million: 2.9 bn / 324.8 M = 8.92 months, March to October.
        BudgetPlan topped = BudgetPlan.of(p, Map.of("APBD_PERUBAHAN", 700_000_000L), MARCH, FROM_MARCH);
        assertThat(topped.budget()).isEqualTo(2_900_000_000L);
        assertThat(topped.topUps()).isEqualTo(700_000_000L);
        assertThat(topped.runsOutAfter()).isEqualTo(YearMonth.of(2026, 10));
        assertThat(topped.monthsBought()).isEqualTo(8);

        // Ten months' worth: it lasts to December, the programme's last month.
        BudgetPlan enough = BudgetPlan.of(p, Map.of("APBD_PERUBAHAN", 10 * MONTHLY - 2_200_000_000L), MARCH,
                FROM_MARCH);
        assertThat(enough.runsOut()).isFalse();
        assertThat(enough.runsOutAfter()).isNull();
        assertThat(enough.warning()).isNull();
        assertThat(enough.headroom()).isZero();
    }

    @Test
    void eachSourceIsPlannedOnItsOwnBudgetAndWorkers() {
        Programme p = new Programme("2026", MARCH, YearMonth.of(2026, 12), List.of(
                new Programme.FundingSource("APBD_KOTA", "APBD Kota", 1_000_000_000L, "5.1.02.01.001", List.of()),
                new Programme.FundingSource("OTSUS", "Dana Otsus", 2_000_000_000L, "5.1.02.05.001", List.of("DINSOS"))),
                "APBD_KOTA");
        BudgetPlan.MonthlyCost costs = m -> Map.of(
                "APBD_KOTA", new BudgetPlan.Cost(10_000, 168_000_000L),
                "OTSUS", new BudgetPlan.Cost(5_000, 84_000_000L));
        BudgetPlan plan = BudgetPlan.of(p, Map.of("CSR", 50_000_000L), MARCH, costs);

        assertThat(plan.sources()).extracting(BudgetPlan.Source::code).containsExactly("APBD_KOTA", "OTSUS", "CSR");
        BudgetPlan.Source kota = plan.sources().get(0);
        // Rp 1 bn at Rp 168 M a month: 5.95 months, March to July.
        assertThat(kota.monthsBought()).isEqualTo(5);
        assertThat(kota.runsOutAfter()).isEqualTo(YearMonth.of(2026, 7));
        assertThat(kota.account()).isEqualTo("5.1.02.01.001");
        BudgetPlan.Source otsus = plan.sources().get(1);
        // Rp 2 bn at Rp 84 M a month lasts past December.
        assertThat(otsus.runsOut()).isFalse();
        assertThat(otsus.workers()).isEqualTo(5_000);
        BudgetPlan.Source csr = plan.sources().get(2);
        assertThat(csr.budget()).isEqualTo(50_000_000L);
        assertThat(csr.costPerMonth()).isZero();
        assertThat(csr.monthsBought()).isNull();
        // Together: Rp 3.05 bn at Rp 252 M a month, 12.10 months: past the programme's ten.
        assertThat(plan.workers()).isEqualTo(15_000);
        assertThat(plan.costPerMonth()).isEqualTo(252_000_000L);
        assertThat(plan.monthsBoughtText()).isEqualTo("12.10");
        assertThat(plan.runsOut()).isFalse();
    }

    @Test
    void nobodyCoveredSpendsNothingAndNeverRunsOut() {
        BudgetPlan plan = BudgetPlan.of(sorong(MARCH, 2_200_000_000L), Map.of(), MARCH, m -> Map.of());
        assertThat(plan.spent()).isZero();
        assertThat(plan.monthsBought()).isNull();
        assertThat(plan.runsOut()).isFalse();
        assertThat(plan.headroom()).isEqualTo(2_200_000_000L);
    }

    @Test
    void theHeadroomCountsDownInArrivalOrderAndAWorkerThatDoesNotFitStopsTheRest() {
        // Ten months to carry at Rp 16,800 (income Rp 1,000,000): Rp 168,000 a worker.
        BudgetHeadroom h = new BudgetHeadroom(400_000L, 10, 1_000_000L, false);
        assertThat(h.take(null)).isTrue();
        assertThat(h.take(1_000_000L)).isTrue();
        assertThat(h.take(null)).isFalse();
        // Rp 64,000 left would still carry nobody, and no later row overtakes the one refused.
        assertThat(h.take(0L)).isFalse();
        assertThat(h.beyond()).isEqualTo(2);
        assertThat(h.left()).isEqualTo(64_000L);
    }

    /** Budgets typed with too many digits: refused with the figure named, not wrapped into a negative budget. */
    @Test
    void anAbsurdBudgetFailsLoudlyRatherThanWrapping() {
        Programme absurd = new Programme("2026", MARCH, YearMonth.of(2026, 12), List.of(
                new Programme.FundingSource("APBD_KOTA", "APBD Kota", Long.MAX_VALUE / 2 + 1, "5.1", List.of()),
                new Programme.FundingSource("OTSUS", "Dana Otsus", Long.MAX_VALUE / 2 + 1, "5.2", List.of())),
                "APBD_KOTA");

        // Sorong's real cost: the first source alone buys more months than can be counted.
        assertThatThrownBy(() -> BudgetPlan.of(absurd, Map.of(), MARCH, FROM_MARCH))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("budget figure out of range (months bought")
                .hasMessageContaining("di luar jangkauan");
    }

    /** A top-up typed with too many digits, on top of the configured budget: refused, naming the source. */
    @Test
    void anAbsurdTopUpFailsLoudly() {
        assertThatThrownBy(() -> BudgetPlan.of(sorong(MARCH, 2_200_000_000L), Map.of("APBD_KOTA", Long.MAX_VALUE),
                MARCH, FROM_MARCH))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("budget of APBD_KOTA");
    }

    /**
     * An absurd worker count (a cost per month near a long's end): the months spent add up beyond it
     * and are refused; had they wrapped, spent would be negative and the budget would look unspent.
     */
    @Test
    void anAbsurdCountFailsLoudlyRatherThanWrapping() {
        BudgetPlan.MonthlyCost absurd = m -> Map.of("APBD_KOTA", new BudgetPlan.Cost(Long.MAX_VALUE / PER_WORKER,
                Long.MAX_VALUE / PER_WORKER * PER_WORKER));

        assertThatThrownBy(() -> BudgetPlan.of(sorong(MARCH, 2_200_000_000L), Map.of(), YearMonth.of(2026, 4), absurd))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("spent from APBD_KOTA");
        // Costs that fit still add up exactly: the checks change nothing below the limit.
        assertThat(BudgetPlan.sum(Long.MAX_VALUE - 1, 1, "x")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> BudgetPlan.product(Long.MAX_VALUE / 2, 3, "cost of APBD_KOTA"))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("cost of APBD_KOTA");
    }
}
