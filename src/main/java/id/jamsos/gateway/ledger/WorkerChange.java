package id.jamsos.gateway.ledger;

import id.jamsos.gateway.changes.ChangeAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of a worker's change history (worker_change): what an agency's change row did to them.
 * {@code oldValues} and {@code newValues} are decrypted, keyed by the field names of
 * {@code changedFields}; a value the ledger never kept (a birth date is only a keyed hash, a phone
 * number is not stored) is absent from {@code oldValues}. Personal data: never log it whole.
 *
 * @param source    the file row that asked for it ({@code file:12/row:4})
 * @param bpjsCode  what BPJS answered (200, 212); null for a handover, which BPJS is not told about
 */
public record WorkerChange(long id, String kpj, ChangeAction action, List<String> changedFields,
                           Map<String, String> oldValues, Map<String, String> newValues, String source, Long fileId,
                           Integer rowNo, String agencyId, Instant appliedAt, String bpjsRefId, String bpjsCode) {

    @Override
    public String toString() {
        // The values are personal data (a name, a birth date): only what names the line.
        return "WorkerChange[" + id + ", " + kpj + ", " + action + " " + changedFields + ", " + source + "]";
    }
}
