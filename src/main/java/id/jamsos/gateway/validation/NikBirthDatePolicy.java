package id.jamsos.gateway.validation;

import java.util.Locale;

/**
 * What validation does with a row whose only problem is that the NIK's birth-date digits differ from
 * TGL_LAHIR (NIK_BIRTHDATE_MISMATCH), setting {@code jamsos.validation.nikBirthDate}. The digits can
 * legitimately differ (an input error at issue, a later correction: the NIK never changes), and only the
 * population registry knows the recorded date.
 */
public enum NikBirthDatePolicy {
    /** Refused by validation, as always (the default). */
    REFUSE,
    /**
     * Accepted by validation with the reason set aside; the verification stage refuses the row with it
     * unless the registry confirms TGL_LAHIR (docs/verification.md). An agency whose files are not
     * verified (registry_verify false) has such rows refused at intake, as under REFUSE.
     */
    REGISTRY;

    /** {@code refuse} or {@code registry}, in any case. */
    public static NikBirthDatePolicy parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        try {
            return valueOf(v.isEmpty() ? "REFUSE" : v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jamsos.validation.nikBirthDate must be refuse or registry, not '"
                    + value + "'");
        }
    }
}
