package id.jamsos.gateway.eligibility;

import java.util.Locale;

/**
 * What the intake does with an enrollment (AKSI DAFTAR) whose worker is not on the programme's active
 * eligibility list, or is on it outside the target deciles (jamsos.eligibility.policy,
 * docs/eligibility.md): nothing (OFF), enrols with a warning on the row in the report (WARN), holds
 * the row in REVIEW for a person (HOLD), or rejects it (REFUSE).
 */
public enum EligibilityPolicy {
    OFF, WARN, HOLD, REFUSE;

    public static EligibilityPolicy of(String setting) {
        String s = setting == null ? "" : setting.strip();
        if (s.isEmpty()) {
            return OFF;
        }
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jamsos.eligibility.policy must be off, warn, hold or refuse, not "
                    + setting);
        }
    }
}
