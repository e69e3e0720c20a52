package id.jamsos.gateway.ledger;

import java.time.Instant;

/**
 * What registering a received file gave: its ledger id, and when it repeats a file the agency already
 * sent, which one.
 */
public record FileRegistration(
        long fileId,
        boolean duplicate,
        Long previousFileId,
        String previousFileName,
        Instant previousReceivedAt) {
}
