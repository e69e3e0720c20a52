package id.jamsos.gateway.finance;

import id.jamsos.gateway.ledger.BudgetLedger;
import id.jamsos.gateway.ledger.RowState;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The budget plan of the configured programme from the ledger (bean {@code budgetPlanner}): its
 * top-ups, and what the workers covered each month cost at their declared incomes (the configured
 * default income for rows without one), each under its period's funding source or, when the period
 * names none, the source of its agency. Counted in SQL per agency, source and income: no worker is
 * read one by one. Used by the {@code budget} command, the status page and the intake's policy.
 */
public final class BudgetPlanner {

    private final Programme programme;
    private final BudgetLedger ledger;
    private final long defaultIncome;
    private final ZoneId zone;
    private final Clock clock;

    public BudgetPlanner(Programme programme, BudgetLedger ledger, long defaultIncome, ZoneId zone, Clock clock) {
        this.programme = programme;
        this.ledger = ledger;
        this.defaultIncome = defaultIncome;
        this.zone = zone;
        this.clock = clock;
    }

    public Programme programme() {
        return programme;
    }

    /** The income of rows that declared none (jamsos.defaultIncome). */
    public long defaultIncome() {
        return defaultIncome;
    }

    public BudgetLedger ledger() {
        return ledger;
    }

    /** This month, in the city's zone. */
    public YearMonth thisMonth() {
        return YearMonth.now(clock.withZone(zone));
    }

    /** JKK + JKM a month for a worker of this declared income (null: the default income). */
    public static long contribution(Long monthlyIncome, long defaultIncome) {
        long income = monthlyIncome == null ? defaultIncome : monthlyIncome;
        return BudgetPlan.sum(ContributionRules.jkk(income), ContributionRules.jkm(), "contribution");
    }

    public BudgetPlan plan() {
        return plan(thisMonth());
    }

    public BudgetPlan plan(YearMonth month) {
        Map<String, Long> topUps = new TreeMap<>();
        for (BudgetLedger.TopUp t : ledger.topUps(programme.id())) {
            topUps.merge(t.source(), t.amount(), (a, b) -> BudgetPlan.sum(a, b, "top-ups of " + t.source()));
        }
        return BudgetPlan.of(programme, topUps, month, m -> {
            Map<String, BudgetPlan.Cost> bySource = new HashMap<>();
            for (BudgetLedger.CoveredCount c : ledger.coveredIn(m)) {
                String source = c.fundingSource() != null ? c.fundingSource() : programme.sourceOf(c.agencyId());
                bySource.merge(source, new BudgetPlan.Cost(c.workers(), BudgetPlan.product(
                        contribution(c.monthlyIncome(), defaultIncome), c.workers(), "cost of " + source)),
                        BudgetPlan.Cost::plus);
            }
            return bySource;
        });
    }

    /**
     * What new enrollments may still commit: the plan's headroom less the enrollments on their way to
     * BPJS and, unless {@code forRelease}, those on the waitlist, each carried to the last month. For
     * an intake ({@code forRelease} false) rows already waiting make the headroom exhausted: new rows
     * queue behind them. For a release the waitlist is what is being decided, so it is not subtracted.
     */
    public BudgetHeadroom headroom(BudgetPlan plan, boolean forRelease) {
        return headroom(plan, forRelease, new BudgetLedger.CommitmentSnapshot(0, ledger.waiting()));
    }

    /**
     * The headroom an intake counts down, ready for the commitment lock ({@link BudgetHeadroom#gate}): the
     * commitment and the waiting rows are read together under the lock first, the plan after. A row
     * enrolled between the two is then counted twice (pending and covered) for this file, never not at
     * all: the file may commit a little less than the budget allows, never more.
     */
    public BudgetHeadroom intakeHeadroom() {
        BudgetLedger.CommitmentSnapshot snapshot = ledger.commitmentSnapshot(programme.id());
        return headroom(plan(), false, snapshot);
    }

    /** The headroom a waitlist release decides with, read as {@link #intakeHeadroom} is. */
    public BudgetHeadroom releaseHeadroom() {
        BudgetLedger.CommitmentSnapshot snapshot = ledger.commitmentSnapshot(programme.id());
        return headroom(plan(), true, snapshot);
    }

    private BudgetHeadroom headroom(BudgetPlan plan, boolean forRelease, BudgetLedger.CommitmentSnapshot snapshot) {
        long left = plan.headroom();
        long waitlisted = 0;
        for (BudgetLedger.WaitingCount w : snapshot.waiting()) {
            if (w.state() == RowState.WAITLISTED) {
                waitlisted = BudgetPlan.sum(waitlisted, w.rows(), "waitlisted rows");
                if (forRelease) {
                    continue;
                }
            }
            left = BudgetPlan.difference(left, BudgetPlan.product(BudgetPlan.product(contribution(w.monthlyIncome(),
                    defaultIncome), w.rows(), "cost of enrollments on their way"), plan.monthsToCarry(),
                    "cost of enrollments on their way to the last month"), "headroom");
        }
        return new BudgetHeadroom(programme.id(), snapshot.committed(), left, plan.monthsToCarry(), defaultIncome,
                !forRelease && waitlisted > 0);
    }
}
