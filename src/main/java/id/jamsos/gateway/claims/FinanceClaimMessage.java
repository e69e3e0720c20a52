package id.jamsos.gateway.claims;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.jamsos.gateway.bpjs.ClaimNotice;
import java.util.List;

/**
 * A paid claim as the city's finance office receives it on the finance queue. The format is
 * versioned: schemas/finance-claim-v1.schema.json describes it, and {@code messageId} is stable for
 * a claim so that a consumer can drop a redelivered copy.
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
        String receivedAt) {

    public static final String SCHEMA_VERSION = "1";
    public static final String TYPE = "CLAIM_PAID";

    /** The worker, identified without a full NIK: finance needs the KPJ, not the identity number. */
    public record Worker(String kpj, String nikMasked, String name, String enrolledAt) {
    }

    public record Agency(String id, String name, String district) {
    }
}
