package id.jamsos.gateway.ledger;

/**
 * What BPJS decided for one row. {@code state} is ENROLLED (with {@code kpj}), REFUSED or PARKED (with
 * {@code reason}); {@code agencyId}, {@code district} and {@code profile} go to the worker record of an
 * enrollment. {@code profile} is null where the outcome does not come from an enrollment request (a replay
 * decided by an operator, a test).
 */
public record RowOutcome(
        long fileId,
        int rowNo,
        RowState state,
        String kpj,
        String reason,
        String agencyId,
        String district,
        WorkerProfile profile) {

    public RowOutcome(long fileId, int rowNo, RowState state, String kpj, String reason, String agencyId,
                      String district) {
        this(fileId, rowNo, state, kpj, reason, agencyId, district, null);
    }
}
