package id.jamsos.gateway.ledger;

import java.time.Instant;

/**
 * What registering a received file gave: its ledger id, and when it repeats a file the agency already
 * sent, which one.
 *
 * @param resumed true when these bytes were already being read when the gateway stopped (state
 *                RECEIVING): the intake goes on with the same file id instead of calling it a copy
 */
public record FileRegistration(
        long fileId,
        boolean duplicate,
        Long previousFileId,
        String previousFileName,
        Instant previousReceivedAt,
        boolean resumed) {
}
