package id.jamsos.gateway.ops;

import id.jamsos.gateway.finance.OverBudgetPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/waitlist.camel.yaml: under overBudgetPolicy WAITLIST, waitlisted rows go to BPJS
 * by themselves once the budget carries them again, without an operator's {@code budget release}. Money
 * is freed when cover ends (a paid JKM claim, an agency's BERHENTI, a lapse) or added ({@code budget add});
 * the route asks, outside of whatever ended the cover and after it committed, whether the first row
 * waiting now fits, and releases then. The release is {@link WaitlistRelease}'s: a row goes from
 * WAITLISTED to PENDING once (a conditional update), one release at a time across processes (its lock),
 * and BPJS answers a repeated refId with the first outcome, so running it again, or on two processes,
 * enrolls nobody twice.
 */
public final class WaitlistAutoRelease {

    private static final Logger LOG = LoggerFactory.getLogger(WaitlistAutoRelease.class);

    private final WaitlistRelease release;
    private final OverBudgetPolicy policy;

    public WaitlistAutoRelease(WaitlistRelease release, OverBudgetPolicy policy) {
        this.release = release;
        this.policy = policy;
    }

    /** True when rows wait under WAITLIST and the budget carries the first of them now. */
    public boolean due() {
        return policy == OverBudgetPolicy.WAITLIST && release.releasable();
    }

    public WaitlistRelease.Result release() {
        WaitlistRelease.Result r = release.release();
        if (r.released() > 0) {
            LOG.info("waitlist released by itself (money freed or added): {} row(s) sent for enrollment, {} still"
                    + " waitlisted", r.released(), r.stillWaiting());
        }
        return r;
    }

    /** A release that failed (the broker did not take a job: those rows are back on the waitlist). */
    public void failed(@org.apache.camel.ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Throwable error) {
        LOG.warn("waitlist release failed, tried again at the next check: {}", String.valueOf(error.getMessage()));
    }
}
