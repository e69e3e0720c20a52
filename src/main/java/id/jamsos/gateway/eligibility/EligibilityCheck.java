package id.jamsos.gateway.eligibility;

import id.jamsos.gateway.ledger.EligibilityLedger;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake route's eligibility step (bean {@value #BEAN}): for each file, the programme's policy
 * (jamsos.eligibility.policy), its target deciles (jamsos.eligibility.targetDeciles) and the active
 * list, as an {@link EligibilityScreen} the row reading applies chunk by chunk.
 */
public final class EligibilityCheck {

    public static final String BEAN = "eligibilityCheck";
    private static final Logger LOG = LoggerFactory.getLogger(EligibilityCheck.class);

    private final EligibilityLedger ledger;
    private final TargetDeciles target;
    private volatile EligibilityPolicy policy;

    public EligibilityCheck(EligibilityLedger ledger, EligibilityPolicy policy, TargetDeciles target) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The check for the file being taken in; OFF asks the ledger nothing. */
    public EligibilityScreen forFile() {
        EligibilityPolicy p = policy;
        if (p == EligibilityPolicy.OFF) {
            return EligibilityScreen.off();
        }
        Optional<EligibilityLedger.ListInfo> list = ledger.active();
        if (list.isEmpty()) {
            LOG.warn("jamsos.eligibility.policy={} but no eligibility list was imported (`eligibility import`):"
                    + " this file's enrollments are {}", p, p == EligibilityPolicy.WARN ? "warned about" : "held in REVIEW");
        }
        return new EligibilityScreen(p, target, ledger, list);
    }

    public EligibilityPolicy policy() {
        return policy;
    }

    /**
     * Another policy from the next file on. The setting is read once at start; this is the seam the
     * intake tests use to take one gateway through every policy.
     */
    public void policy(EligibilityPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }
}
