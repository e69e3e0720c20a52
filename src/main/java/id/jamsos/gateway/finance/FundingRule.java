package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.PeriodFunding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
 * The plan is read only when there is a choice (two or more sources that name no agency), and then at
 * most once per {@link #PLAN_TTL}: the plan is one coverage aggregate per programme month, and the
 * enroller opens periods once per job answer (25 rows), so reading it per answer cost a dozen queries
 * per 25 workers. Between two readings the money left is counted down by the choices made, so a burst
 * of answers does not count twice on the same money; a minute's staleness of a bookkeeping choice is
 * harmless (money spent or topped up meanwhile shows at the next reading). Periods opened at the same moment by two processes may both count on
 * the same money of a source: the choice of source is bookkeeping, not a commitment (the intake's budget
 * check is that, under its lock).
 */
public final class FundingRule implements PeriodFunding {

    /** How long one reading of the plan's money left serves the choices (see the class comment). */
    public static final Duration PLAN_TTL = Duration.ofSeconds(60);

    private final Programme programme;
    private final Supplier<BudgetPlan> plans;
    private final long defaultIncome;
    private final Clock clock;
    private final Duration ttl;
    /** The money left per general source as last read (counted down by the choices since), and when read. */
    private Map<String, Long> left;
    private int months = 1;
    private Instant readAt;

    /** @param planner the plan money left is read from; null: no plan read, the agency's configured source */
    public FundingRule(Programme programme, BudgetPlanner planner) {
        this(programme, planner == null ? null : planner::plan, planner == null ? 0 : planner.defaultIncome(),
                Clock.systemUTC(), PLAN_TTL);
    }

    /**
     * @param plans         the plan money left is read from (null: none, the agency's configured source)
     * @param defaultIncome the income a worker who declared none counts with
     * @param ttl           how long one reading serves
     */
    public FundingRule(Programme programme, Supplier<BudgetPlan> plans, long defaultIncome, Clock clock,
                       Duration ttl) {
        this.programme = programme;
        this.plans = plans;
        this.defaultIncome = defaultIncome;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The money left per general source, read again when the last reading is older than the ttl. */
    private synchronized Map<String, Long> moneyLeft() {
        Instant now = clock.instant();
        if (left == null || !now.isBefore(readAt.plus(ttl))) {
            BudgetPlan plan = plans.get();
            Map<String, Long> read = new LinkedHashMap<>();
            for (BudgetPlan.Source s : plan.sources()) {
                read.put(s.code(), s.remaining() - Math.multiplyExact(s.costPerMonth(), plan.monthsToCarry() - 1L));
            }
            left = read;
            months = plan.monthsToCarry();
            readAt = now;
        }
        return left;
    }

    @Override
    public Round round() {
        List<Programme.FundingSource> general = programme.sources().stream().filter(s -> s.agencies().isEmpty())
                .toList();
        boolean choice = general.size() > 1 && plans != null;
        if (choice) {
            moneyLeft();
        }
        return (agencyId, income) -> {
            for (Programme.FundingSource s : programme.sources()) {
                if (s.agencies().contains(agencyId)) {
                    return new Funding(s.code(), s.account());
                }
            }
            if (choice) {
                synchronized (this) {
                    // As read by round() before the transaction (or counted down since): no query in it.
                    Map<String, Long> money = left;
                    long need = Math.multiplyExact(BudgetPlanner.contribution(income, defaultIncome), (long) months);
                    for (Programme.FundingSource s : general) {
                        long m = money.getOrDefault(s.code(), 0L);
                        if (m >= need) {
                            money.put(s.code(), m - need);
                            return new Funding(s.code(), s.account());
                        }
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
