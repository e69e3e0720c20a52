package id.jamsos.gateway.config;

/**
 * What one agency may put into the ledger, so that no agency can grow it without bound (a 187 MB CSV
 * of duplicates once grew it to 557 MB). Each is null when {@code agencies.yaml} does not set it: the
 * gateway's default then applies ({@link #orElse}).
 *
 * @param maxFileBytes  larger files are refused as a whole ({@code max_file_bytes}); the gateway-wide
 *                      {@code jamsos.intake.maxFileMib} applies to every agency as well
 * @param maxRowsPerDay rows the agency's files may bring in 24 hours, this file's included ({@code max_rows_per_day})
 * @param maxOpenRows   rows of the agency not finished yet (pending or parked) with this file's ({@code max_open_rows})
 */
public record AgencyLimits(Long maxFileBytes, Long maxRowsPerDay, Long maxOpenRows) {

    /** Nothing set for the agency. */
    public static final AgencyLimits NONE = new AgencyLimits(null, null, null);

    /** Each limit the agency does not set taken from {@code defaults}. */
    public AgencyLimits orElse(AgencyLimits defaults) {
        return new AgencyLimits(maxFileBytes != null ? maxFileBytes : defaults.maxFileBytes,
                maxRowsPerDay != null ? maxRowsPerDay : defaults.maxRowsPerDay,
                maxOpenRows != null ? maxOpenRows : defaults.maxOpenRows);
    }
}
