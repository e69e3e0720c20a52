package id.jamsos.gateway.ledger;

import java.time.Instant;

/** A worker the gateway enrolled, and the file row that did it. */
public record WorkerEnrollment(
        String nik,
        String kpj,
        String name,
        String agencyId,
        String district,
        long fileId,
        int rowNo,
        Instant enrolledAt) {
}
