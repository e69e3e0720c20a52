package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.PeriodFunding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which funding source pays a new period of cover (docs/finance.md, "Coverage periods"), recorded on the
 * period as it opens:
 * <ol>
 *   <li>the source whose {@code jamsos.programme.source.<CODE>.agencies} names the period's agency
 *       (money earmarked for that agency's workers: a donor's, a district's);</li>
 *   <li>else, among the sources that name no agency, in the order of {@code jamsos.programme.sources},
 *       the first whose money left carries the worker to the programme's last month: its budget and
 *       top-ups less what it has spent and what the workers it already pays cost to the last month (the
 *       plan's figures per source, {@link BudgetPlan.Source}), counted down within one transaction;</li>
 *   <li>else {@code jamsos.programme.defaultSource} (nobody has money left: the city's own, and the plan
 *       warns).</li>
 * </ol>
 * The plan is read only when there is a choice (two or more sources that name no agency), once per
 * transaction that opens periods. Periods opened at the same moment by two processes may both count on
 * the same money of a source: the choice of source is bookkeeping, not a commitment (the intake's budget
 * check is that, under its lock).
 */
public final class FundingRule implements PeriodFunding {

    private final Programme programme;
    private final BudgetPlanner planner;

    /** @param planner the plan money left is read from; null: no plan read, the agency's configured source */
    public FundingRule(Programme programme, BudgetPlanner planner) {
        this.programme = programme;
        this.planner = planner;
    }

    @Override
    public Round round() {
        List<Programme.FundingSource> general = programme.sources().stream().filter(s -> s.agencies().isEmpty())
                .toList();
        Map<String, Long> left = new LinkedHashMap<>();
        int[] months = {1};
        if (general.size() > 1 && planner != null) {
            BudgetPlan plan = planner.plan();
            months[0] = plan.monthsToCarry();
            for (BudgetPlan.Source s : plan.sources()) {
                left.put(s.code(), s.remaining() - Math.multiplyExact(s.costPerMonth(), plan.monthsToCarry() - 1L));
            }
        }
        return (agencyId, income) -> {
            for (Programme.FundingSource s : programme.sources()) {
                if (s.agencies().contains(agencyId)) {
                    return new Funding(s.code(), s.account());
                }
            }
            if (!left.isEmpty()) {
                long need = Math.multiplyExact(BudgetPlanner.contribution(income, planner.defaultIncome()),
                        (long) months[0]);
                for (Programme.FundingSource s : general) {
                    long money = left.getOrDefault(s.code(), 0L);
                    if (money >= need) {
                        left.put(s.code(), money - need);
                        return new Funding(s.code(), s.account());
                    }
                }
                // Nobody has money left: the default source, and the plan warns.
                Programme.FundingSource d = programme.source(programme.defaultSource());
                return new Funding(d.code(), d.account());
            }
            // No choice to make (one source for every agency no source names, or none): the agency's
            // configured source, as before sources were recorded.
            Programme.FundingSource d = programme.source(programme.sourceOf(agencyId));
            return new Funding(d.code(), d.account());
        };
    }

    /**
     * The rule of the backfill (periods opened before the source was recorded): the attribution statements
     * and the plan used for them until now, the agency's source or the default, so that no month already
     * stated moves.
     */
    public static PeriodFunding asStatedSoFar(Programme programme) {
        return () -> (agencyId, income) -> {
            Programme.FundingSource s = programme.source(programme.sourceOf(agencyId));
            return new Funding(s.code(), s.account());
        };
    }
}
