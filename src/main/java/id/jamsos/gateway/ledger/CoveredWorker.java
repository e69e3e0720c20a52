package id.jamsos.gateway.ledger;

import java.time.Instant;

/**
 * A worker as a contribution statement needs them: identity, agency, when enrolled and the declared
 * monthly income in whole rupiah (null when the row predates the ledger keeping it).
 */
public record CoveredWorker(
        String nik,
        String kpj,
        String name,
        String agencyId,
        String district,
        Instant enrolledAt,
        Long monthlyIncome) {
}
