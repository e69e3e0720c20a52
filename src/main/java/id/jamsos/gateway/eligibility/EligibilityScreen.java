package id.jamsos.gateway.eligibility;

import id.jamsos.gateway.ledger.EligibilityLedger;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The eligibility check as one file's intake applies it: the policy, the target deciles and the list
 * that was active when the file came. The intake asks {@link #judge} once per chunk of rows, before the
 * rows are recorded (their state depends on it): one lookup per chunk, never one per row.
 */
public final class EligibilityScreen {

    private static final EligibilityScreen OFF = new EligibilityScreen(EligibilityPolicy.OFF, null, null,
            Optional.empty());

    private final EligibilityPolicy policy;
    private final TargetDeciles target;
    private final EligibilityLedger ledger;
    private final Optional<EligibilityLedger.ListInfo> list;

    EligibilityScreen(EligibilityPolicy policy, TargetDeciles target, EligibilityLedger ledger,
                      Optional<EligibilityLedger.ListInfo> list) {
        this.policy = policy;
        this.target = target;
        this.ledger = ledger;
        this.list = list;
    }

    /** No check: every row as if the list did not exist. */
    public static EligibilityScreen off() {
        return OFF;
    }

    /**
     * What is done with a row judged not eligible. REFUSE without any list imported holds the rows
     * instead: a worker is never refused because an operator has not imported the register yet.
     */
    public EligibilityPolicy policy() {
        return policy == EligibilityPolicy.REFUSE && list.isEmpty() ? EligibilityPolicy.HOLD : policy;
    }

    public boolean checks() {
        return policy != EligibilityPolicy.OFF;
    }

    /** The list the file is judged against, if any. */
    public Optional<EligibilityLedger.ListInfo> list() {
        return list;
    }

    /**
     * The verdict on each NIK that is not eligible, by NIK: not on the active list, or on it outside the
     * target deciles. An eligible NIK is absent. One lookup for all of {@code niks}.
     */
    public Map<String, EligibilityVerdict> judge(Collection<String> niks) {
        if (!checks() || niks.isEmpty()) {
            return Map.of();
        }
        Map<String, EligibilityVerdict> out = new HashMap<>();
        if (list.isEmpty()) {
            for (String nik : niks) {
                out.put(nik, EligibilityVerdict.noList());
            }
            return out;
        }
        String name = list.get().name();
        Map<String, EligibilityLedger.Standing> found = ledger.standingOf(niks);
        for (String nik : niks) {
            EligibilityLedger.Standing s = found.get(nik);
            if (s == null) {
                out.put(nik, EligibilityVerdict.notOnList(name));
            } else if (!target.contains(s.decile())) {
                out.put(nik, EligibilityVerdict.outside(s.decile(), target));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "eligibility " + policy() + (checks() ? " deciles " + target + " list "
                + list.map(l -> "#" + l.id() + " " + l.name()).orElse("none") : "");
    }
}
