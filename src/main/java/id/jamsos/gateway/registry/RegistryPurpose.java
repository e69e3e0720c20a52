package id.jamsos.gateway.registry;

/**
 * Why the gateway asked the registry: the access agreement's semester usage report counts calls per
 * purpose and month.
 */
public enum RegistryPurpose {
    /** A worker an agency file asks to enroll, checked before BPJS. */
    ENROLLMENT_CHECK,
    /** An operator's look-up (a review of a held row). */
    OPERATOR_REVIEW
}
