package id.jamsos.gateway.changes;

import java.util.List;

/**
 * One message on the changes queue (jamsos.queue.changes): change rows of one agency file, sealed on
 * the broker like an enrollment job (enrollment.JobSeal), since a correction names the worker. Rows
 * travel with their ledger coordinates so the change route records each row's fate without a lookup.
 */
public record ChangeJob(long fileId, String agencyId, String fileName, List<ChangeItem> items) {

    /** The highest row number the job carries (the intake marks its file queued through it). */
    public int lastRowNo() {
        return items.stream().mapToInt(ChangeItem::rowNo).max().orElse(0);
    }
}
