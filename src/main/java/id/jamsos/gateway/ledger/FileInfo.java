package id.jamsos.gateway.ledger;

import java.time.Instant;

/**
 * An agency file's ledger entry. Row totals are null until intake completes. {@code purgedAt} is set once
 * the retention job removed the file's rows; its row counts are then the ones kept on the file.
 */
public record FileInfo(
        long id,
        String agencyId,
        String fileName,
        String checksum,
        FileState state,
        Integer totalRows,
        Integer rejectedRows,
        Instant receivedAt,
        Instant reportedAt,
        String error,
        Instant purgedAt) {
}
