package id.jamsos.gateway.ledger;

/**
 * What BPJS decided for one row. {@code state} is ENROLLED (with {@code kpj}), REFUSED or PARKED (with
 * {@code reason}); {@code agencyId} and {@code district} go to the worker record of an enrollment.
 */
public record RowOutcome(
        long fileId,
        int rowNo,
        RowState state,
        String kpj,
        String reason,
        String agencyId,
        String district) {
}
