package id.jamsos.gateway.ledger;

import java.time.YearMonth;

/**
 * A worker's cover to end together with something else the ledger records (a paid JKM claim ends
 * cover with the month of death, in the transaction that records the claim).
 *
 * @param lastMonth the last month covered, inclusive
 * @param endedBy   what ended it, e.g. {@code claim:JKM-123}
 */
public record CoverageEnd(String kpj, YearMonth lastMonth, EndReason reason, String endedBy) {
}
