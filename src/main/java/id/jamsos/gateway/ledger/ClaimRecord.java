package id.jamsos.gateway.ledger;

import java.time.Instant;

/** A claim notice BPJS sent, kept so that a repeated callback is recognised. Amount in whole rupiah. */
public record ClaimRecord(
        String claimId,
        String claimType,
        String kpj,
        String nik,
        long amount,
        String agencyId,
        Instant receivedAt,
        String payloadJson) {
}
