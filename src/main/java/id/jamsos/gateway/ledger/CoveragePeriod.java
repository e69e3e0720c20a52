package id.jamsos.gateway.ledger;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One period of a worker's cover under one agency (coverage_period): from {@code firstMonth} to
 * {@code lastMonth}, both inclusive; {@code lastMonth} and {@code endReason} are null while it is open.
 */
public record CoveragePeriod(long id, String kpj, String agencyId, String fundingSource, YearMonth firstMonth,
                             YearMonth lastMonth, EndReason endReason, Instant openedAt, String openedBy,
                             Instant endedAt, String endedBy) {

    public boolean open() {
        return lastMonth == null;
    }

    /** True when the worker is covered in {@code month} by this period. */
    public boolean covers(YearMonth month) {
        return !month.isBefore(firstMonth) && (lastMonth == null || !month.isAfter(lastMonth));
    }
}
