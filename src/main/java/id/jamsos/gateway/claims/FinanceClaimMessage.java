package id.jamsos.gateway.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.jamsos.gateway.bpjs.ClaimNotice;
import java.util.List;

/**
 * A paid claim as the city's finance office receives it on the finance queue (messageType
 * CLAIM_PAID), or as a clerk receives it on the review queue (CLAIM_REVIEW, with the reason).
 * schemas/finance-claim-v3.schema.json describes it; {@code messageId} is stable for a claim so
 * that a consumer can drop a redelivered copy. Version 3 added the event date and the service level
 * (and takes KPJs with letters); version 2 the enrollment date, the budget account, the source and
 * the review fields (versions 1 and 2: schemas/finance-claim-v1/-v2.schema.json, for messages
 * already on a queue).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FinanceClaimMessage(
        String schemaVersion,
        String messageId,
        String messageType,
        String claimId,
        String claimType,
        long amount,
        String currency,
        List<ClaimNotice.Component> components,
        String paidAt,
        Worker worker,
        Agency agency,
        String budgetAccount,
        String source,
        String receivedAt,
        String reviewCode,
        String reviewReason,
        String eventDate,
        ClaimServiceLevel serviceLevel,
        @JsonInclude(JsonInclude.Include.NON_NULL) Previous previous) {

    /**
     * The first version of a claim BPJS later sent again with other content (review code
     * CONFLICTING_NOTICE): what finance already has. Absent ({@code null}) on every other message.
     */
    public record Previous(String claimType, long amount, List<ClaimNotice.Component> components, String paidAt,
                           String kpj, String nikMasked, String eventDate) {
    }

    /*
     * eventDate: the claim's tanggalKejadian (date of death or accident, yyyy-MM-dd) when it sent a
     * valid one, else null. serviceLevel: the claim's age against its type's level (ClaimServiceLevel),
     * null when the type has none or the claim has no paidAt.
     */

    public static final String SCHEMA_VERSION = "3";
    public static final String TYPE = "CLAIM_PAID";
    public static final String REVIEW_TYPE = "CLAIM_REVIEW";

    /** The message id of a claim: the same whichever path or process publishes it. */
    public static String messageIdOf(String claimId) {
        return "claim-" + claimId;
    }

    /**
     * The worker, identified without a full NIK: finance needs the KPJ, not the identity number.
     * {@code enrolledOn} is the enrollment date in the city's time zone.
     */
    public record Worker(String kpj, String nikMasked, String name, String enrolledAt, String enrolledOn) {
    }

    public record Agency(String id, String name, String district) {
    }
}
