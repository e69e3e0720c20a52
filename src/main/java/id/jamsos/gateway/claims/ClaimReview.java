package id.jamsos.gateway.claims;

/**
 * Why a claim went to the review queue instead of finance: a stable code for machines and a
 * bilingual text for the finance clerk who reviews it.
 */
public record ClaimReview(String code, String reason) {

    public static final String UNKNOWN_WORKER = "UNKNOWN_WORKER";
    public static final String KPJ_NIK_MISMATCH = "KPJ_NIK_MISMATCH";
    public static final String INVALID_TYPE = "INVALID_TYPE";
    public static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    public static final String COMPONENTS_SUM = "COMPONENTS_SUM";
    public static final String JKM_AMOUNT = "JKM_AMOUNT";
    public static final String JKM_COMPONENTS = "JKM_COMPONENTS";
    public static final String OVER_CAP = "OVER_CAP";
    public static final String MISSING_COMPONENTS = "MISSING_COMPONENTS";
    public static final String DUPLICATE_COMPONENT = "DUPLICATE_COMPONENT";
    public static final String INVALID_DATE = "INVALID_DATE";
    /** A component code the claim type does not know (closed catalogue, jamsos.claims.type.<TYPE>.components). */
    public static final String UNKNOWN_COMPONENT = "UNKNOWN_COMPONENT";
    /** A component over its own cap (jamsos.claims.type.<TYPE>.component.<CODE>.cap), e.g. the scholarship's Rp 174 M. */
    public static final String COMPONENT_OVER_CAP = "COMPONENT_OVER_CAP";
    /** A component whose amount is not made of its rates (the scholarship's yearly rates per child). */
    public static final String COMPONENT_AMOUNT = "COMPONENT_AMOUNT";
    /** tanggalKejadian after the day the claim was paid, or before the programme started. */
    public static final String INVALID_EVENT_DATE = "INVALID_EVENT_DATE";
    /** A second notice for a known claim id, with other content: both versions go to review. */
    public static final String CONFLICTING_NOTICE = "CONFLICTING_NOTICE";
}
